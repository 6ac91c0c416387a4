package io.flotilla.console;

import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.Browser;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestAccounts;
import io.flotilla.support.TestFleets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSmokeIntegrationTests extends ServerUnderTest {

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(4, SandboxOptions.regions(1)));

	@RegisterExtension
	static final Browser browser = new Browser();

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	@Test
	void loggingInShowsTheReleases() {
		browser.logIn("http://localhost:" + this.port, TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
		assertThat(browser.driver().getCurrentUrl()).endsWith("/console/releases");
		assertThat(browser.find("#caller").getText()).isEqualTo("admin (admin)");
		browser.screenshot("smoke");
	}

}
