package io.flotilla.console.admin;

import java.time.Duration;
import java.util.List;

import io.flotilla.account.Actor;
import io.flotilla.account.Users;
import io.flotilla.control.ReleaseState;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.Browser;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestAccounts;
import io.flotilla.support.TestActors;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each batch, timer and admin page in a real browser after releases ran, logged in with
 * the password form, so the session's CSRF token and the flash attributes are the ones a
 * person gets. Each page leaves a screenshot for the README.
 */
class AdminPagesBrowserIntegrationTests extends ServerUnderTest {

	private static final String FINISHED = "finished";

	private static final String BAKING = "baking";

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(8, SandboxOptions.regions(2)));

	@RegisterExtension
	static final Browser browser = new Browser();

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	@Autowired
	private Users users;

	@Test
	void anAdminWalksThroughEveryPage() {
		// given
		String base = "http://localhost:" + this.port;
		Actor starter = TestActors.operator("oncall");
		this.releases.start("finished.yaml", plan(FINISHED, """
				stages:
				  - name: pilot
				    waveSize: 2
				    groups:
				      - name: east
				        contexts: [us-east-1]
				"""), FINISHED, starter);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.releases.status(FINISHED).state() == ReleaseState.COMPLETED);
		this.releases.start("baking.yaml", plan(BAKING, """
				stages:
				  - name: pilot
				    waveSize: 2
				    bake: 2h
				    groups:
				      - name: west
				        contexts: [eu-west-1]
				  - name: fleet
				    groups:
				      - name: east
				        contexts: [us-east-1]
				"""), BAKING, starter);
		await().atMost(Duration.ofSeconds(60)).until(() -> this.releases.status(BAKING).state() == ReleaseState.BAKING);
		browser.logIn(base, TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);

		// the batch list: both releases, newest first
		browser.open(base + "/console/batch");
		List<String> releases = texts("#instances tbody td:nth-child(2)");
		assertThat(releases).containsExactly(BAKING, FINISHED);
		browser.screenshot("batch");

		// an execution: its steps and the admin's buttons; a refused signal in the
		// service's words
		browser.clickToNewPage("#instances tbody tr:first-child td:nth-child(3) a");
		assertThat(texts("#steps tbody td:first-child code")).contains("rollout:pilot", "waves:pilot:west",
				"bake:pilot");
		WebElement waves = browser.driver()
			.findElements(By.cssSelector("#steps tr.step"))
			.stream()
			.filter((row) -> row.getText().startsWith("waves:pilot:west"))
			.findFirst()
			.orElseThrow();
		assertThat(waves.findElement(By.cssSelector("td.written")).getText()).isEqualTo("2");
		assertThat(browser.find("#release-state").getText()).isEqualTo("BAKING");
		browser.screenshot("batch-execution");
		browser.find("input[name=reason]").sendKeys("too early");
		browser.clickToNewPage("button#restart");
		assertThat(browser.find("p.refusal").getText())
			.isEqualTo("cannot resume release baking: it is baking (allowed now: pause, cancel)");
		browser.find("button#abandon").click();
		Alert question = browser.alert();
		assertThat(question.getText()).startsWith("Abandon cancels the release for good");
		question.dismiss();
		assertThat(this.releases.status(BAKING).state()).isEqualTo(ReleaseState.BAKING);

		// the timers: the bake's end of the baking release
		browser.open(base + "/console/timers");
		assertThat(texts("#timers tbody td:nth-child(4)")).contains(BAKING);
		assertThat(browser.find("#timers [data-until]").getText()).matches("1h 59m \\d+s");
		browser.screenshot("timers");

		// the users: one made through the form
		browser.open(base + "/console/admin/users");
		browser.find("#create-user input[name=name]").sendKeys("dana");
		new Select(browser.find("#create-user select[name=role]")).selectByValue("operator");
		browser.find("#create-user input[name=groups]").sendKeys("dba, oncall");
		browser.find("#create-user input[name=password]").sendKeys("correct horse battery");
		browser.clickToNewPage("#create-user button");
		assertThat(browser.find("p.notice").getText()).isEqualTo("Created user dana.");
		assertThat(browser.find("#user-dana").getText()).contains("operator", "dba, oncall", "enabled");
		assertThat(this.users.list(TestActors.admin("check"))).anySatisfy((account) -> {
			assertThat(account.name()).isEqualTo("dana");
			assertThat(account.groups()).containsExactlyInAnyOrder("dba", "oncall");
		});
		browser.screenshot("users");
		browser.confirmToNewPage("#user-dana button");
		assertThat(browser.find("p.notice").getText()).startsWith("Disabled user dana");
		assertThat(browser.find("#user-dana").getText()).contains("disabled");

		// the tokens: a new one shown once
		browser.open(base + "/console/admin/tokens");
		browser.find("#create-token input[name=name]").sendKeys("ci");
		browser.clickToNewPage("#create-token button");
		String token = browser.find("#issued-token").getText();
		assertThat(this.tokens.authenticate(token)).hasValueSatisfying((actor) -> {
			assertThat(actor.name()).isEqualTo(TestAccounts.ADMIN);
			assertThat(actor.role().word()).isEqualTo("viewer");
		});
		browser.screenshot("tokens");
		browser.open(base + "/console/admin/tokens");
		assertThat(browser.driver().findElements(By.id("issued-token"))).isEmpty();

		// the audit log, filtered by kind
		browser.open(base + "/console/admin/audit");
		browser.find("#audit-filters input[name=kind]").sendKeys("user.created");
		browser.clickToNewPage("#audit-filters button");
		assertThat(texts("#audit tbody td:nth-child(5)")).containsExactly(
				"created user dana with role operator in groups dba, oncall", "created user admin with role admin");
		browser.screenshot("audit");
	}

	private static List<String> texts(String css) {
		return browser.driver().findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
	}

	private static String plan(String name, String stages) {
		return TestPlans.plan(name, "defaults:\n  readyTimeout: 30s\n" + stages);
	}

}
