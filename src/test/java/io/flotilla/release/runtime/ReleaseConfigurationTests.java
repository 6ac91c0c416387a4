package io.flotilla.release.runtime;

import java.nio.file.Path;

import io.flotilla.fleet.Fleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ReleaseConfigurationTests {

	@TempDir
	Path directory;

	@Test
	void aServerWhoseKubeconfigDoesNotExistSaysSoOnceAtStartUp(CapturedOutput output) {
		Path missing = this.directory.resolve("kubeconfig");

		try (Fleet fleet = new ReleaseConfiguration().fleet(new ReleaseProperties(missing.toString(), null, null))) {
			assertThat(fleet.contexts()).isEmpty();
		}

		assertThat(output.getAll().lines().filter((line) -> line.contains("kubeconfig"))).singleElement()
			.asString()
			.contains("WARN", "the kubeconfig " + missing + " does not exist: every plan is refused until the server"
					+ " is restarted with a kubeconfig that has the fleet's contexts (--kubeconfig or flotilla.kubeconfig)");
	}

}
