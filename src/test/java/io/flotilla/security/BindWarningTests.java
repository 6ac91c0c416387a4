package io.flotilla.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warning a server bound beyond this machine without TLS logs at start.
 */
@ExtendWith(OutputCaptureExtension.class)
class BindWarningTests {

	private static final String WARNING = "without TLS: passwords and tokens cross the network in clear";

	@Test
	void loopbackIsQuiet(CapturedOutput output) {
		warn(new MockEnvironment().withProperty("server.address", "127.0.0.1"));
		warn(new MockEnvironment().withProperty("server.address", "::1"));

		assertThat(output).doesNotContain(WARNING);
	}

	@Test
	void anotherAddressOrEveryAddressWithoutTlsIsWarnedAbout(CapturedOutput output) {
		warn(new MockEnvironment().withProperty("server.address", "0.0.0.0"));
		warn(new MockEnvironment());

		assertThat(output).contains("Listening on 0.0.0.0 " + WARNING, "Listening on every address " + WARNING);
	}

	@Test
	void anotherAddressWithTlsIsQuiet(CapturedOutput output) {
		warn(new MockEnvironment().withProperty("server.address", "10.1.2.3")
			.withProperty("server.ssl.enabled", "true"));
		warn(new MockEnvironment().withProperty("server.address", "10.1.2.3").withProperty("server.ssl.bundle", "web"));

		assertThat(output).doesNotContain(WARNING);
	}

	private static void warn(MockEnvironment environment) {
		new BindWarning(environment).warnIfExposed();
	}

}
