package io.flotilla.console.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.flotilla.audit.AuditEntry;
import io.flotilla.audit.AuditLog;
import io.flotilla.audit.Subject;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.schedule.ScheduleService;
import io.flotilla.schedule.ScheduleService.ScheduleView;
import io.flotilla.support.OidcBrowser;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestAccounts;
import io.flotilla.support.TestActors;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp;
import io.flotilla.support.TestHttp.Response;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The schedules on the timers page over real HTTP, with a schedules directory holding one
 * valid schedule (due in 2099, in Berlin) and one file that was never valid: what each
 * role sees, and the pause, resume and fire-now buttons checked against what
 * {@link ScheduleService} and the audit log hold afterwards.
 */
class TimersPageIntegrationTests extends ServerUnderTest {

	private static final Path ROOT = Path.of("target", "timers-page-tests");

	private static final Path SCHEDULES = ROOT.resolve("schedules");

	private static final Path PLANS = ROOT.resolve("plans");

	private static final String NIGHTLY = "nightly";

	private static final String BROKEN = "broken";

	private static final String CONTROLS = "/console/timers/schedules/";

	private static final String NIGHTLY_TEXT = """
			plan: waits
			cron: "0 0 3 1 1 ? 2099"
			timeZone: Europe/Berlin
			version: "25.3"
			runAs: admin
			""";

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(4, SandboxOptions.regions(2)));

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
		prepareDirectories();
		registry.add("flotilla.schedules.directory", SCHEDULES::toString);
		registry.add("flotilla.schedules.plans", PLANS::toString);
		registry.add("flotilla.schedules.rescan", () -> "1s");
	}

	@Autowired
	private ScheduleService schedules;

	@Autowired
	private AuditLog audit;

	private TestHttp viewer;

	@BeforeEach
	void schedulesLoaded() {
		this.viewer = as(TestActors.viewer("watcher"));
		await("both schedules listed").atMost(Duration.ofSeconds(30))
			.until(() -> this.schedules.list(),
					(list) -> list.stream().map(ScheduleView::name).toList().containsAll(List.of(BROKEN, NIGHTLY)));
	}

	@AfterEach
	void resumedAndNoReleaseActive() {
		if (this.schedules.get(NIGHTLY).paused()) {
			this.schedules.resume(NIGHTLY, TestActors.operator("olga"), "next test");
		}
		for (ReleaseStatus release : this.releases.list()) {
			if (!release.state().isTerminal()) {
				this.releases.signal(release.id(), Signal.CANCEL, TestActors.operator("olga"), "next test");
			}
		}
	}

	@Test
	void aViewerSeesEachScheduleWithItsTimesAndProblemsAndNoButtons() {
		// when
		Response page = this.viewer.getHtml("/console/timers");

		// then the valid schedule, with its next fire in its zone and in UTC
		assertThat(page.status()).isEqualTo(200);
		String nightly = row(page.body(), "schedule-" + NIGHTLY);
		assertThat(nightly).contains("<code>nightly</code>")
			.contains(SCHEDULES.resolve("nightly.yaml").toString())
			.contains("<td>waits</td>")
			.contains("<code class=\"cron\">0 0 3 1 1 ? 2099</code>")
			.contains("Europe/Berlin")
			.contains("Thu 2099-01-01 03:00:00 Europe/Berlin")
			.contains("2099-01-01 02:00:00 UTC")
			.contains("data-until=\"2099-01-01T02:00:00Z\"")
			.contains("<span class=\"version\">25.3</span>")
			.contains(">scheduled</span>")
			.doesNotContain(">paused</span>")
			.doesNotContain(">invalid</span>");

		// and the file that was never valid, with its problems at their places
		assertThat(row(page.body(), "schedule-" + BROKEN)).contains(">invalid</span>").contains("never fired");
		String problems = row(page.body(), "problems-" + BROKEN);
		assertThat(problems).contains("Its file was never valid: it does not run")
			.contains("<pre>" + SCHEDULES.resolve("broken.yaml") + ":")
			.contains(SCHEDULES.resolve("broken.yaml") + ":1:1: cron: is required");

		// and the schedule's Quartz trigger, marked with its schedule
		assertThat(between(page.body(), "<table id=\"timers\">", "</table>")).contains("<code>schedule</code>")
			.contains("href=\"#schedule-nightly\">schedule nightly</a>")
			.contains("data-until=\"2099-01-01T02:00:00Z\"");

		// and no button at all
		assertThat(page.body()).doesNotContain(CONTROLS).doesNotContain("Fire now");
	}

	@Test
	void aFileThatTurnsInvalidShowsItsProblemsAndThatItsLastValidVersionKeepsRunning() throws IOException {
		// given a schedule loaded from a valid file
		Path file = SCHEDULES.resolve("later.yaml");
		writeAtomically(file, NIGHTLY_TEXT.replace("0 0 3 1 1 ? 2099", "0 30 4 2 2 ? 2099"));
		await("later loaded").atMost(Duration.ofSeconds(15))
			.until(() -> this.schedules.list().stream().anyMatch((view) -> view.name().equals("later")));
		try {
			// when its file turns invalid
			writeAtomically(file, NIGHTLY_TEXT.replace("0 0 3 1 1 ? 2099", "0 30 25 2 2 ? 2099"));
			await("later invalid").atMost(Duration.ofSeconds(15)).until(() -> !this.schedules.get("later").valid());
			Response page = this.http.getHtml("/console/timers");

			// then the page shows the problem at its place, and what still runs
			assertThat(row(page.body(), "schedule-later")).contains(">invalid</span>")
				.contains(">scheduled</span>")
				.contains("<code class=\"cron\">0 30 4 2 2 ? 2099</code>")
				.contains("data-until=\"2099-02-02T03:30:00Z\"")
				.contains(CONTROLS + "later/pause\"");
			assertThat(row(page.body(), "problems-later"))
				.contains("Its file is invalid now; the last valid version keeps running")
				.contains("<pre>" + file + ":2:7: cron: invalid cron expression");
		}
		finally {
			Files.delete(file);
			await("later removed").atMost(Duration.ofSeconds(15))
				.until(() -> this.schedules.list().stream().noneMatch((view) -> view.name().equals("later")));
		}
	}

	@Test
	void anOperatorSeesButtonsOnlyForAScheduleThatRuns() {
		// when
		Response page = this.http.getHtml("/console/timers");

		// then
		assertThat(row(page.body(), "schedule-" + NIGHTLY)).contains(CONTROLS + NIGHTLY + "/pause\"")
			.contains(CONTROLS + NIGHTLY + "/trigger\"")
			.doesNotContain(CONTROLS + NIGHTLY + "/resume\"")
			.contains("name=\"reason\"")
			.contains("data-confirm=\"Fire schedule nightly now?");
		assertThat(page.body()).doesNotContain(CONTROLS + BROKEN + "/");
	}

	@Test
	void anOperatorPausesAndResumesAScheduleWithAReason() {
		// when
		Response paused = this.http.postForm(CONTROLS + NIGHTLY + "/pause", Map.of("reason", "change freeze"));

		// then
		assertThat(paused.status()).isEqualTo(302);
		assertThat(paused.header("Location").orElseThrow()).endsWith("/console/timers");
		assertThat(this.schedules.get(NIGHTLY).paused()).isTrue();
		Response shown = followWithSession(paused);
		assertThat(shown.body())
			.contains("<span id=\"notice\">Paused schedule nightly: it does not fire until resumed.</span>");
		String row = row(shown.body(), "schedule-" + NIGHTLY);
		assertThat(row).contains(">paused</span>")
			.contains("none while paused")
			.doesNotContain("data-until")
			.contains(CONTROLS + NIGHTLY + "/resume\"")
			.doesNotContain(CONTROLS + NIGHTLY + "/pause\"");
		assertThat(this.audit.entries(Subject.schedule(NIGHTLY))).last().satisfies((entry) -> {
			assertThat(entry.kind()).isEqualTo("schedule.paused");
			assertThat(entry.actor()).isEqualTo(TESTER);
			assertThat(entry.reason()).isEqualTo("change freeze");
		});

		// when
		Response resumed = this.http.postForm(CONTROLS + NIGHTLY + "/resume", Map.of("reason", ""));

		// then
		assertThat(resumed.status()).isEqualTo(302);
		assertThat(this.schedules.get(NIGHTLY).paused()).isFalse();
		assertThat(followWithSession(resumed).body()).contains("Resumed schedule nightly")
			.contains("data-until=\"2099-01-01T02:00:00Z\"");
		assertThat(this.audit.entries(Subject.schedule(NIGHTLY))).last().satisfies((entry) -> {
			assertThat(entry.kind()).isEqualTo("schedule.resumed");
			assertThat(entry.reason()).isNull();
		});
	}

	@Test
	void fireNowStartsAReleaseAndTheNoticeNamesIt() {
		// when
		Response fired = this.http.postForm(CONTROLS + NIGHTLY + "/trigger", Map.of("reason", ""));

		// then a release of the schedule's plan starts, and waits for its approval
		assertThat(fired.status()).isEqualTo(302);
		ScheduleService.FireView fire = this.schedules.get(NIGHTLY).lastFire();
		assertThat(fire.outcome()).as(fire.detail()).isEqualTo("STARTED");
		String id = fire.releaseId();
		assertThat(id).startsWith("nightly-");
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(
					() -> assertThat(this.releases.status(id).state()).isEqualTo(ReleaseState.AWAITING_APPROVAL));
		assertThat(this.releases.status(id).startedBy()).isEqualTo(TestAccounts.ADMIN);

		// and the notice names it, and the last fire links to it
		Response shown = followWithSession(fired);
		assertThat(shown.body())
			.contains("<span id=\"notice\">Fired schedule nightly now: started release " + id
					+ " at version 25.3.</span>")
			.contains("href=\"/console/releases/" + id + "\">Open release " + id + "</a>");
		assertThat(row(shown.body(), "schedule-" + NIGHTLY)).contains(">STARTED</span>")
			.contains("href=\"/console/releases/" + id + "\">" + id + "</a>");

		// when it fires again while that release is active
		Response again = followWithSession(this.http.postForm(CONTROLS + NIGHTLY + "/trigger", Map.of()));

		// then the fire is skipped, saying why
		assertThat(again.body()).contains("Fired schedule nightly now: skipped; release " + id
				+ " of this schedule is still active (overlap: skip)");
		assertThat(this.schedules.get(NIGHTLY).lastFire().releaseId()).isNull();
	}

	@Test
	void aRefusalIsShownInTheServicesWords() {
		// when
		Response neverValid = followWithSession(this.http.postForm(CONTROLS + BROKEN + "/pause", Map.of()));
		Response unknown = followWithSession(this.http.postForm(CONTROLS + "nowhere/trigger", Map.of()));
		Response notPaused = followWithSession(this.http.postForm(CONTROLS + NIGHTLY + "/resume", Map.of()));

		// then
		assertThat(neverValid.body())
			.contains("<p class=\"refusal\" role=\"alert\">schedule broken never loaded: its file is invalid");
		assertThat(unknown.body()).contains("<p class=\"refusal\" role=\"alert\">no schedule named nowhere</p>");
		assertThat(notPaused.body()).contains("<p class=\"refusal\" role=\"alert\">schedule nightly is not paused</p>");
		assertThat(this.schedules.get(NIGHTLY).paused()).isFalse();
	}

	@Test
	void aViewersForgedPostsAreRefusedAndChangeNothing() {
		// given
		ScheduleView before = this.schedules.get(NIGHTLY);
		int entries = this.audit.entries(Subject.schedule(NIGHTLY)).size();

		// when / then
		for (String action : List.of("pause", "resume", "trigger")) {
			Response forged = this.viewer.postForm(CONTROLS + NIGHTLY + "/" + action, Map.of("reason", "forged"));
			assertThat(forged.status()).as(action).isEqualTo(403);
		}
		assertThat(this.schedules.get(NIGHTLY)).isEqualTo(before);
		assertThat(this.audit.entries(Subject.schedule(NIGHTLY))).hasSize(entries);
	}

	@Test
	void aSessionsPostNeedsTheCsrfTokenOfItsPages() {
		// given an admin's login-form session
		String session = loggedInSession(TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);

		// when a form is sent on it without the CSRF token
		Response forged = postOnSession(session, CONTROLS + NIGHTLY + "/pause", "reason=forged");

		// then it is refused and changes nothing
		assertThat(forged.status()).isEqualTo(403);
		assertThat(this.schedules.get(NIGHTLY).paused()).isFalse();

		// when it is sent with the token the page's form carries
		Response page = this.anonymous
			.send(this.anonymous.request("/console/timers").header("Cookie", "JSESSIONID=" + session).GET());
		String csrf = new OidcBrowser.Page(page.status(), URI.create("/console/timers"),
				row(page.body(), "schedule-" + NIGHTLY))
			.hiddenInputs()
			.get("_csrf");
		Response sent = postOnSession(session, CONTROLS + NIGHTLY + "/pause",
				"reason=from+the+page&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8));

		// then it is done, as the admin
		assertThat(sent.status()).isEqualTo(302);
		assertThat(this.schedules.get(NIGHTLY).paused()).isTrue();
		assertThat(this.audit.entries(Subject.schedule(NIGHTLY))).last()
			.extracting(AuditEntry::actor)
			.isEqualTo(TestAccounts.ADMIN);
	}

	/**
	 * Logs in through the login form, as a browser does, and answers the session's id.
	 */
	private String loggedInSession(String user, String password) {
		OidcBrowser browser = new OidcBrowser();
		String server = "http://127.0.0.1:" + this.port;
		OidcBrowser.Page login = browser.get(server + "/login");
		String csrf = login.hiddenInputs().get("_csrf");
		String session = browser.cookie(server, "JSESSIONID").orElseThrow();
		Response loggedIn = postOnSession(session, "/login",
				"username=" + encode(user) + "&password=" + encode(password) + "&_csrf=" + encode(csrf));
		assertThat(loggedIn.status()).isEqualTo(302);
		return loggedIn.header("Set-Cookie")
			.filter((cookie) -> cookie.startsWith("JSESSIONID="))
			.map((cookie) -> cookie.substring("JSESSIONID=".length(), cookie.indexOf(';')))
			.orElseThrow();
	}

	private Response postOnSession(String session, String path, String form) {
		return this.anonymous.send(this.anonymous.request(path)
			.header("Cookie", "JSESSIONID=" + session)
			.header("Accept", "text/html")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	/**
	 * The page a redirect leads to, in the session the redirecting answer opened: where a
	 * flash attribute lives.
	 */
	private Response followWithSession(Response redirect) {
		assertThat(redirect.status()).isEqualTo(302);
		String cookie = redirect.header("Set-Cookie").orElseThrow().split(";")[0];
		String location = redirect.header("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
		return this.http.send(this.http.request(location).header("Accept", "text/html").header("Cookie", cookie).GET());
	}

	private static String row(String page, String id) {
		return between(page, " id=\"" + id + "\">", "</tr>");
	}

	private static String between(String text, String start, String end) {
		int from = text.indexOf(start);
		assertThat(from).as("'%s' in the page", start).isNotNegative();
		int to = text.indexOf(end, from + start.length());
		return text.substring(from + start.length(), to);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	/**
	 * Writes the file in one step, so the watcher never reads half of it.
	 */
	private static void writeAtomically(Path file, String text) throws IOException {
		Path temporary = ROOT.resolve(file.getFileName() + ".tmp");
		Files.writeString(temporary, text);
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static void prepareDirectories() {
		try {
			if (Files.exists(ROOT)) {
				try (var walk = Files.walk(ROOT)) {
					walk.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
				}
			}
			Files.createDirectories(SCHEDULES);
			Files.createDirectories(PLANS);
			// a release of this plan waits for its approval, so it stays active
			Files.writeString(PLANS.resolve("waits.yaml"), TestPlans.plan("waits", """
					approval: required
					stages:
					  - name: all
					    groups:
					      - name: all
					        contexts: [us-east-1, eu-west-1]
					"""));
			Files.writeString(SCHEDULES.resolve("nightly.yaml"), NIGHTLY_TEXT);
			Files.writeString(SCHEDULES.resolve("broken.yaml"), "plan: nowhere\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
