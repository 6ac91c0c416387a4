package io.flotilla.console.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.schedule.ScheduleService;
import io.flotilla.schedule.ScheduleService.ScheduleView;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestActors;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp;
import io.flotilla.support.TestHttp.Response;
import io.flotilla.support.TestPlans;
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
 * role sees, checked against what {@link ScheduleService} holds.
 */
class TimersPageIntegrationTests extends ServerUnderTest {

	private static final Path ROOT = Path.of("target", "timers-page-tests");

	private static final Path SCHEDULES = ROOT.resolve("schedules");

	private static final Path PLANS = ROOT.resolve("plans");

	private static final String NIGHTLY = "nightly";

	private static final String BROKEN = "broken";

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

	private TestHttp viewer;

	@BeforeEach
	void schedulesLoaded() {
		this.viewer = as(TestActors.viewer("watcher"));
		await("both schedules listed").atMost(Duration.ofSeconds(30))
			.until(() -> this.schedules.list(),
					(list) -> list.stream().map(ScheduleView::name).toList().containsAll(List.of(BROKEN, NIGHTLY)));
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
		assertThat(page.body()).doesNotContain("/console/timers/schedules/").doesNotContain("Fire now");
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
				.contains("data-until=\"2099-02-02T03:30:00Z\"");
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

	private static String row(String page, String id) {
		return between(page, " id=\"" + id + "\">", "</tr>");
	}

	private static String between(String text, String start, String end) {
		int from = text.indexOf(start);
		assertThat(from).as("'%s' in the page", start).isNotNegative();
		int to = text.indexOf(end, from + start.length());
		return text.substring(from + start.length(), to);
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
