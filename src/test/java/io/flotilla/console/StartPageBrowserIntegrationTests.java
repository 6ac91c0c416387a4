package io.flotilla.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.flotilla.release.ReleaseStatus;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.Browser;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestAccounts;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start page in a real browser, as an admin uses it: a pasted plan with a mistake,
 * then a plan from the server's folder previewed and started; and the API's own page,
 * reached from the console's header with the same login.
 */
class StartPageBrowserIntegrationTests extends ServerUnderTest {

	private static final Path PLANS = plansFolder();

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(12, SandboxOptions.regions(2)));

	@RegisterExtension
	static final Browser browser = new Browser();

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
		registry.add("flotilla.plans.directory", PLANS::toString);
	}

	@Test
	void anInvalidPlanIsMarkedThenAValidOneIsPreviewedAndStarted() {
		// given
		String base = "http://localhost:" + this.port;
		logInOnce(base);
		browser.open(base + "/console/releases/new");

		// when
		type("textarea[name=planText]", TestPlans.plan("broken", """
				stages:
				  - name: pilot
				    waveSize: lots
				    groups: [{name: east, contexts: [us-east-1]}]
				"""));
		browser.find("form#plan button[type=submit]").click();
		WebElement problems = browser.await(Duration.ofSeconds(15), (page) -> page.findElement(By.id("problems")));

		// then
		assertThat(problems.getText()).startsWith("14:15 stages[0].waveSize: must be a whole number, not 'lots'");
		assertThat(browser.find("#marked-plan li.marked").getText()).contains("waveSize: lots");
		assertThat(browser.find("textarea[name=planText]").getDomProperty("value")).contains("waveSize: lots");
		browser.screenshot("start-invalid");

		// when
		type("textarea[name=planText]", "");
		new Select(browser.find("select[name=planFile]")).selectByValue("canary.yaml");
		type("input[name=id]", "from-the-browser");
		browser.find("form#plan button[type=submit]").click();
		WebElement preview = browser.await(Duration.ofSeconds(15), (page) -> page.findElement(By.id("preview")));

		// then
		assertThat(preview.findElement(By.cssSelector("#stage-pilot .stage-summary")).getText())
			.matches("\\d+ clusters in 1 groups, \\d+ to upgrade in \\d+ waves, \\d+ already at 25.3 and ready");
		assertThat(browser.find("#claims").getText()).isEqualTo("no cluster of the plan is held by an active release");
		((JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView()", preview);
		browser.screenshot("start-preview");

		// when
		browser.find("form#start button[type=submit]").click();
		browser.await(Duration.ofSeconds(15),
				(page) -> page.getCurrentUrl().endsWith("/console/releases/from-the-browser"));

		// then
		ReleaseStatus started = this.releases.status("from-the-browser");
		assertThat(started.startedBy()).isEqualTo(TestAccounts.ADMIN);
		assertThat(started.planFile()).isEqualTo("canary.yaml");
	}

	@Test
	void theApiLinkOpensTheSwaggerUiOnTheOpenApiDocument() {
		// given
		String base = "http://localhost:" + this.port;
		logInOnce(base);
		browser.open(base + "/console/releases/new");

		// when
		browser.driver().findElement(By.linkText("API")).click();
		WebElement title = browser.await(Duration.ofSeconds(30),
				(page) -> page.findElement(By.cssSelector(".swagger-ui .info .title")));

		// then
		assertThat(title.getText()).startsWith("Flotilla API");
		browser.await(Duration.ofSeconds(15),
				(page) -> page.findElements(By.cssSelector(".opblock-summary-path")).size() > 10);
		assertThat(browser.driver().getPageSource()).contains("/api/plans/preview");
		browser.screenshot("api-docs");
	}

	/**
	 * Logs the browser in unless an earlier test of the class did: the session it keeps
	 * serves them all.
	 */
	private static void logInOnce(String base) {
		if (browser.driver().manage().getCookieNamed("JSESSIONID") == null) {
			browser.logIn(base, TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
		}
	}

	/**
	 * Sets a field's value as a paste would, in one go.
	 */
	private static void type(String css, String text) {
		((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1]", browser.find(css),
				text);
	}

	private static Path plansFolder() {
		try {
			Path folder = Files.createTempDirectory("flotilla-plans");
			Files.writeString(folder.resolve("canary.yaml"), TestPlans.plan("canary", """
					approval: required
					stages:
					  - name: pilot
					    firstWaveSize: 1
					    waveSize: 2
					    bake: 10m
					    groups:
					      - name: east
					        contexts: [us-east-1]
					  - name: fleet
					    waveSize: 3
					    pauseAfterFirstWave: true
					    groups:
					      - name: west
					        contexts: [eu-west-1]
					"""));
			return folder;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
