package io.flotilla.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.flotilla.account.Actor;
import io.flotilla.account.Role;
import io.flotilla.account.Users;
import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.Browser;
import io.flotilla.support.ReleaseTables.ClusterRow;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestAccounts;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An engineer in a real headless Chromium: watches a release move without reloading,
 * pauses it from its button and sees at the Kubernetes API that nothing new is patched,
 * resumes it, sees it complete and reads a failed cluster's reason; and a viewer, who
 * sees no buttons and whose forged POSTs change nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIntegrationTests extends ServerUnderTest {

	private static final String RELEASE = "watched";

	private static final String VIEWER = "vera";

	private static final String VIEWER_PASSWORD = "vera-password-1";

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(24, SandboxOptions.regions(2))
		.withFailRate(0.15)
		.withPodRestart(Duration.ofMillis(400)));

	@RegisterExtension
	static final Browser browser = new Browser();

	@Autowired
	private Users users;

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	@Test
	@Order(1)
	void anOperatorWatchesPausesResumesAndReadsAFailedClustersReason() {
		browser.logIn(base(), TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
		browser.open(base() + "/console/releases/new");
		WebElement planText = browser.find("textarea[name=planText]");
		((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1]", planText, plan());
		browser.find("input[name=id]").sendKeys(RELEASE);
		browser.clickToNewPage("#plan button[type=submit]");
		assertThat(browser.find("#stage-canary").getText()).contains("canary");
		assertThat(browser.find("#target").getText()).isEqualTo("25.3");
		assertThat(this.releases.list()).as("a preview starts nothing").isEmpty();
		browser.screenshot("scenario-preview");
		browser.find("#start button[type=submit]").click();
		browser.await(Duration.ofSeconds(15), (page) -> page.getCurrentUrl().endsWith("/console/releases/" + RELEASE));
		markThePage();
		int doneAtFirst = done();
		browser.await(Duration.ofSeconds(30), (page) -> done() > doneAtFirst);
		assertThat(pageWasNotReloaded()).as("progress moved without a reload").isTrue();
		browser.screenshot("release-running");

		browser.find("#reason").sendKeys("checking the error rate");
		browser.find("#signal-pause").click();
		browser.await(Duration.ofSeconds(30), (page) -> state().equals("PAUSED"));
		Map<String, Integer> patchedWhenPaused = patchCounts();
		assertThat(browser.find("#state-reason").getText()).contains("checking the error rate");
		browser.screenshot("release-paused");
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(3))
			.until(() -> patchCounts().equals(patchedWhenPaused));
		assertThat(this.releases.status(RELEASE).state()).isEqualTo(ReleaseState.PAUSED);

		browser.find("#signal-resume").click();
		browser.await(Duration.ofSeconds(60), (page) -> state().equals("COMPLETED"));
		assertThat(browser.findAll("#timeline li.done")).hasSize(2);
		browser.screenshot("release-completed");

		browser.open(base() + "/console/releases/" + RELEASE + "/clusters?state=FAILED");
		browser.screenshot("clusters-failed");
		ClusterRow failed = this.tables.clusters(RELEASE)
			.stream()
			.filter((row) -> row.state() == ClusterState.FAILED)
			.findFirst()
			.orElseThrow(() -> new AssertionError("the sandbox failed no cluster; pick another seed"));
		browser.clickToNewPage(browser.driver().findElement(By.linkText(failed.key())));
		assertThat(browser.find("#cluster-reason").getText()).isEqualTo(failed.reason());
		assertThat(browser.find("#live-version").getText()).isNotBlank();
		browser.screenshot("cluster-failed");
	}

	@Test
	@Order(2)
	void aViewerSeesNoButtonsAndForgedPostsChangeNothing() throws Exception {
		this.users.create(Actor.system("test"), VIEWER, Role.VIEWER, Set.of(), VIEWER_PASSWORD);
		String paused = "forged";
		assertThat(this.http.post("/api/releases", Map.of("planFile", "forged.yaml", "planText", plan(), "id", paused))
			.status()).isEqualTo(201);
		this.http.post("/api/releases/" + paused + "/pause", Map.of("reason", "for the test"));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.releases.status(paused).state() == ReleaseState.PAUSED);

		browser.logIn(base(), TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
		assertThat(forgedResume(paused, session(), null)).as("an admin's session without a CSRF token").isEqualTo(403);
		browser.logIn(base(), VIEWER, VIEWER_PASSWORD);
		browser.open(base() + "/console/releases/" + paused);
		assertThat(browser.findAll("#signal-form")).isEmpty();
		assertThat(browser.findAll("button[name=signal]")).isEmpty();
		browser.screenshot("release-as-viewer");

		String session = session();
		String csrf = (String) ((JavascriptExecutor) browser.driver())
			.executeScript("return document.querySelector('form.who input[name=_csrf]').value");
		assertThat(forgedResume(paused, session, csrf)).as("a viewer's session with a valid CSRF token").isEqualTo(403);
		assertThat(this.releases.status(paused).state()).isEqualTo(ReleaseState.PAUSED);
		assertThat(this.releases.events(paused)).noneMatch((event) -> "resume".equals(event.message()))
			.noneMatch((event) -> event.after() == ReleaseState.RUNNING && event.kind().equals("signal.applied")
					&& event.before() == ReleaseState.PAUSED);
	}

	private int forgedResume(String release, String session, String csrf) throws Exception {
		String body = "signal=resume&reason=forged" + ((csrf != null) ? "&_csrf=" + csrf : "");
		HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/console/releases/" + release + "/signal"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Cookie", "JSESSIONID=" + session)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	/**
	 * The browser's session cookie, for a request forged outside its pages.
	 */
	private static String session() {
		Cookie cookie = browser.driver().manage().getCookieNamed("JSESSIONID");
		assertThat(cookie).as("the browser's session cookie").isNotNull();
		return cookie.getValue();
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

	private static void markThePage() {
		((JavascriptExecutor) browser.driver()).executeScript("window.flotillaMarker = 'not reloaded'");
	}

	private static boolean pageWasNotReloaded() {
		return "not reloaded"
			.equals(((JavascriptExecutor) browser.driver()).executeScript("return window.flotillaMarker"));
	}

	private static int done() {
		return browser.findAll("#groups .done-count")
			.stream()
			.map(WebElement::getText)
			.mapToInt((text) -> Integer.parseInt(text.substring(0, text.indexOf(' '))))
			.sum();
	}

	private static String state() {
		return browser.find("#state").getText();
	}

	private static Map<String, Integer> patchCounts() {
		return new TreeMap<>(fleets.fleet().patchCounts());
	}

	private static String plan() {
		return TestPlans.plan(RELEASE, """
				stages:
				  - name: canary
				    waveSize: 2
				    parallelism: 1
				    readyTimeout: 3s
				    failureBudget: 100%%
				    groups:
				      - name: first
				        contexts: [%s]
				  - name: fleet
				    waveSize: 4
				    parallelism: 2
				    readyTimeout: 3s
				    failureBudget: 100%%
				    groups:
				      - name: all
				        contexts: [%s]
				""".formatted(fleets.fleet().contexts().get(0), String.join(", ", fleets.fleet().contexts())));
	}

}
