package io.flotilla.schedule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import io.flotilla.audit.AuditEntry;
import io.flotilla.audit.AuditLog;
import io.flotilla.audit.Subject;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.release.ReleaseFreezes;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.schedule.ScheduleService.FireView;
import io.flotilla.schedule.ScheduleService.ScheduleView;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestAccounts;
import io.flotilla.support.TestActors;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.Scheduler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Schedules on a real server: Quartz's clustered JDBC store in PostgreSQL, the watched
 * directory, releases started against the sandbox, and a local HTTP server as the version
 * source. Cron expressions fire every few seconds; no test waits longer than that.
 */
class ScheduleIntegrationTests extends ServerUnderTest {

	static final Path ROOT = Path.of("target", "schedule-tests");

	static final Path SCHEDULES = ROOT.resolve("schedules");

	static final Path PLANS = ROOT.resolve("plans");

	static final AtomicReference<String> versions = new AtomicReference<>("25.2\n25.3\n");

	static final HttpServer versionSource = versionSource();

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(6, SandboxOptions.regions(2)));

	@Autowired
	ScheduleService schedules;

	@Autowired
	AuditLog audit;

	@Autowired
	Scheduler quartz;

	@Autowired
	ReleaseFreezes freezes;

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
		prepareDirectories();
		registry.add("flotilla.schedules.directory", SCHEDULES::toString);
		registry.add("flotilla.schedules.plans", PLANS::toString);
		registry.add("flotilla.schedules.late-after", () -> "2s");
		registry.add("flotilla.schedules.queue-recheck", () -> "1s");
		registry.add("flotilla.schedules.rescan", () -> "1s");
	}

	@AfterEach
	void removeSchedules() throws Exception {
		this.quartz.start();
		try (var files = Files.list(SCHEDULES)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
		await("every schedule removed").atMost(Duration.ofSeconds(15)).until(() -> this.schedules.list().isEmpty());
		// the schedules' releases hold the fleet's clusters until they end
		for (ReleaseStatus release : this.releases.list()) {
			if (!release.state().isTerminal()) {
				this.releases.signal(release.id(), Signal.CANCEL, TestActors.operator("olga"), "next test");
			}
		}
	}

	@AfterAll
	static void stopVersionSource() {
		versionSource.stop(0);
	}

	@Test
	void aScheduleFiresEveryFewSecondsStartsAReleaseAtTheNewestVersionAndNeverAgainACancelledOne() {
		// given a schedule firing every 2 s whose releases wait for approval, so they
		// stay active
		writeSchedule("every-two", """
				plan: waits
				cron: "0/2 * * * * ?"
				version: {url: "%s"}
				id: "every-two-{version}-{date}-{time}"
				runAs: admin
				""".formatted(versionUrl()));

		// then it starts a release at the newest version the source names
		ReleaseStatus first = await("a release started by the schedule").atMost(Duration.ofSeconds(20))
			.until(() -> startedReleases("every-two"), (ids) -> !ids.isEmpty())
			.stream()
			.findFirst()
			.map(this.releases::status)
			.orElseThrow();
		assertThat(first.id()).startsWith("every-two-25.3-");
		assertThat(first.targetVersion()).isEqualTo("25.3");
		assertThat(first.startedBy()).isEqualTo(TestAccounts.ADMIN);

		// and the fires while it is active are skipped, saying why
		await("a fire skipped while the release is active").atMost(Duration.ofSeconds(10))
			.until(() -> fires("every-two").stream()
				.anyMatch((fire) -> fire.detail()
					.equals("release " + first.id() + " of this schedule is still active (overlap: skip)")));
		assertThat(startedReleases("every-two")).containsExactly(first.id());

		// when that release is cancelled, its version is denied: the next fire takes the
		// one before
		this.releases.signal(first.id(), Signal.CANCEL, TestActors.operator("olga"), "broke the canary");
		String second = await("a release at the version before").atMost(Duration.ofSeconds(20))
			.until(() -> startedReleases("every-two"), (ids) -> ids.size() == 2)
			.get(0);
		assertThat(this.releases.status(second).targetVersion()).isEqualTo("25.2");
		assertThat(this.schedules.get("every-two").denied())
			.containsExactly("25.3: release " + first.id() + " was cancelled");

		// and each fire is in the audit log, with when it was due and when it fired
		assertThat(this.audit.entries(Subject.schedule("every-two"))).extracting(AuditEntry::kind)
			.contains("schedule.loaded", "schedule.started", "schedule.skipped");
		assertThat(this.audit.entries(Subject.schedule("every-two")))
			.filteredOn((entry) -> entry.kind().equals("schedule.started"))
			.first()
			.satisfies((entry) -> assertThat(entry.message()).matches("due \\w{3} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:"
					+ "\\d\\d UTC \\(.*Z\\), fired .*Z: started release every-two-25.3-.* of waits at version 25.3 as "
					+ "admin"));
	}

	@Test
	void aChangedFileIsPickedUpAnInvalidOneKeepsTheLastValidAndARemovedOneStops() {
		// given a schedule far in the future, beside a file whose name cannot name a
		// schedule
		writeSchedule("a-file-name-far-longer-than-any-schedule-name-may-be", schedule("0 0 3 1 1 ? 2099"));
		writeSchedule("far", schedule("0 0 3 1 1 ? 2099"));
		ScheduleView loaded = await("loaded").atMost(Duration.ofSeconds(10))
			.until(() -> this.schedules.list(), (list) -> list.size() == 1)
			.get(0);
		assertThat(loaded.nextFire()).isEqualTo(ZonedDateTime.parse("2099-01-01T03:00:00Z").toInstant());
		assertThat(loaded.nextFireLocal()).isEqualTo("Thu 2099-01-01 03:00:00 UTC");

		// when its file is written again as it was, as at a restart, nothing is
		// rescheduled
		int entries = this.audit.entries(Subject.schedule("far")).size();
		writeSchedule("far", schedule("0 0 3 1 1 ? 2099"));
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(4))
			.until(() -> this.audit.entries(Subject.schedule("far")).size() == entries);
		assertThat(this.schedules.get("far").nextFire()).isEqualTo(loaded.nextFire());

		// when its file changes, the new cron expression takes effect without a restart
		writeSchedule("far", schedule("0 30 4 2 2 ? 2099"));
		await("changed").atMost(Duration.ofSeconds(10))
			.until(() -> this.schedules.get("far").nextFire(),
					(next) -> ZonedDateTime.parse("2099-02-02T04:30:00Z").toInstant().equals(next));

		// when it becomes invalid, the problem is shown with its place, and the last
		// valid one stays
		writeSchedule("far", schedule("0 30 25 2 2 ? 2099"));
		ScheduleView invalid = await("invalid").atMost(Duration.ofSeconds(10))
			.until(() -> this.schedules.get("far"), (view) -> !view.valid());
		assertThat(invalid.problems())
			.startsWith(SCHEDULES.resolve("far.yaml") + ":2:7: cron: invalid cron expression");
		assertThat(invalid.cron()).isEqualTo("0 30 4 2 2 ? 2099");
		assertThat(invalid.nextFire()).isEqualTo(ZonedDateTime.parse("2099-02-02T04:30:00Z").toInstant());

		// and a file that never was valid is listed with its problems, and does not run
		writeSchedule("broken", "plan: nowhere\n");
		ScheduleView broken = await("broken listed").atMost(Duration.ofSeconds(10))
			.until(() -> this.schedules.list(), (list) -> list.size() == 2)
			.get(0);
		assertThat(broken.name()).isEqualTo("broken");
		assertThat(broken.problems()).contains("broken.yaml:1:7: plan: unknown plan 'nowhere'",
				"broken.yaml:1:1: cron: is required");
		assertThat(broken.cron()).isNull();

		// when the file is removed, the schedule and its trigger are gone
		deleteSchedule("far");
		await("removed").atMost(Duration.ofSeconds(10))
			.until(() -> this.schedules.list().stream().map(ScheduleView::name).toList(),
					(names) -> names.equals(List.of("broken")));
		assertThat(this.audit.entries(Subject.schedule("far"))).extracting(AuditEntry::kind)
			.containsSubsequence("schedule.loaded", "schedule.changed", "schedule.invalid", "schedule.removed");
	}

	@Test
	void aVersionSourceThatIsDownOrAnswersGarbageSkipsTheFireAndStartsNothing() {
		// given a schedule whose source answers garbage
		versions.set("<html>oops</html>\n");
		writeSchedule("garbage", schedule("0 0 3 1 1 ? 2099"));
		awaitLoaded("garbage");
		int releases = this.tables.releaseCount();

		// when it fires by hand
		FireView garbage = this.schedules.trigger("garbage", TestActors.operator("olga"));

		// then nothing starts, and the fire says why
		assertThat(garbage.outcome()).isEqualTo("SKIPPED");
		assertThat(garbage.detail())
			.isEqualTo("newest from " + versionUrl() + " answered '<html>oops</html>', which is not a version");

		// and a source that is down is the same
		writeSchedule("down", schedule("0 0 3 1 1 ? 2099").replace(versionUrl(), "http://127.0.0.1:9/versions"));
		awaitLoaded("down");
		FireView down = this.schedules.trigger("down", TestActors.operator("olga"));
		assertThat(down.outcome()).isEqualTo("SKIPPED");
		assertThat(down.detail()).startsWith("version source http://127.0.0.1:9/versions is down: ");
		assertThat(this.tables.releaseCount()).isEqualTo(releases);
		versions.set("25.2\n25.3\n");
	}

	@Test
	void withOverlapQueueOneFireWaitsForThePreviousReleaseAndStartsWhenItEnds() throws Exception {
		// given a queueing schedule with a release of it active
		writeSchedule("queued", schedule("0 0 3 1 1 ? 2099") + "overlap: queue\n");
		awaitLoaded("queued");
		FireView first = this.schedules.trigger("queued", TestActors.operator("olga"));
		assertThat(first.outcome()).as(first.detail()).isEqualTo("STARTED");

		// when it fires twice more, a second later each (a release id holds the second)
		FireView waiting = await().pollDelay(Duration.ofMillis(1100))
			.until(() -> this.schedules.trigger("queued", TestActors.operator("olga")), (fire) -> true);
		FireView third = this.schedules.trigger("queued", TestActors.operator("olga"));

		// then one waits and the next is skipped
		assertThat(waiting.outcome()).isEqualTo("QUEUED");
		assertThat(waiting.detail()).isEqualTo("waits for release " + first.releaseId() + " to end (overlap: queue)");
		assertThat(third.outcome()).isEqualTo("SKIPPED");
		assertThat(third.detail())
			.isEqualTo("a fire already waits for release " + first.releaseId() + " (overlap: queue holds one)");
		assertThat(this.schedules.get("queued").queuedDueAt()).isEqualTo(waiting.dueAt());

		// when the active release ends, the queued fire starts, due when it was queued
		this.releases.signal(first.releaseId(), Signal.CANCEL, TestActors.operator("olga"), "make room");
		String next = await("the queued fire started").atMost(Duration.ofSeconds(15))
			.until(() -> startedReleases("queued"), (ids) -> ids.size() == 2)
			.get(0);
		String expectedId = "queued-" + ZonedDateTime.ofInstant(waiting.dueAt(), ZoneOffset.UTC)
			.format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
		assertThat(next).isEqualTo(expectedId);
		assertThat(this.schedules.get("queued").queuedDueAt()).isNull();
	}

	@Test
	void aFireMissedWhileNoServerRanIsSkippedOrRunOnceLateAsItsPolicySays() throws Exception {
		// given three schedules due once, in 3 s, with different misfire policies
		ZonedDateTime due = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(4).withNano(0);
		String cron = "%d %d %d %d %d ? %d".formatted(due.getSecond(), due.getMinute(), due.getHour(),
				due.getDayOfMonth(), due.getMonthValue(), due.getYear());
		writeSchedule("skips", schedule(cron));
		writeSchedule("runs-late", schedule(cron) + "misfire: runOnce\nmaxLateness: 1m\n");
		writeSchedule("too-late", schedule(cron) + "misfire: runOnce\nmaxLateness: 3s\n");
		awaitLoaded("skips");
		awaitLoaded("runs-late");
		awaitLoaded("too-late");

		// when no scheduler runs over the due time, as when every server is down
		this.quartz.standby();
		await().pollDelay(Duration.between(ZonedDateTime.now(ZoneOffset.UTC), due.plusSeconds(5))).until(() -> true);
		this.quartz.start();

		// then each fire comes late and does what its policy says
		await("three late fires").atMost(Duration.ofSeconds(20))
			.until(() -> fires("skips").size() + fires("runs-late").size() + fires("too-late").size() == 3);
		assertThat(fires("skips").get(0).detail()).matches("missed its time by \\d+s \\(misfire: skip\\)");
		assertThat(fires("runs-late").get(0).outcome()).isEqualTo("STARTED");
		assertThat(fires("runs-late").get(0).dueAt()).isEqualTo(due.toInstant());
		assertThat(fires("too-late").get(0).detail())
			.matches("missed its time by \\d+s, more than its maxLateness 3s \\(misfire: runOnce\\)");
	}

	@Test
	void aScheduleDoesNotFireIntoAFreezeAndFiresOnceItEnded() {
		// given a schedule, and a freeze of the fleet
		writeSchedule("frozen", schedule("0 0 3 1 1 ? 2099"));
		awaitLoaded("frozen");
		this.freezes.start(TestActors.admin("ada"), "incident 7", Map.of());

		// when it fires, it is skipped, saying why
		FireView frozen = this.schedules.trigger("frozen", TestActors.operator("olga"));
		assertThat(frozen.outcome()).isEqualTo("SKIPPED");
		assertThat(frozen.detail())
			.isEqualTo("frozen: incident 7 (by ada), until ended by hand (a schedule does not fire into a freeze)");

		// and once the freeze ended, it starts its release
		this.freezes.end(TestActors.admin("ada"), "resolved");
		FireView thawed = this.schedules.trigger("frozen", TestActors.operator("olga"));
		assertThat(thawed.outcome()).as(thawed.detail()).isEqualTo("STARTED");
	}

	@Test
	void pausedScheduleDoesNotFireAndKeepsItsPauseWhenItsFileChanges() {
		// given a paused schedule
		writeSchedule("paused", schedule("0 0 3 1 1 ? 2099"));
		awaitLoaded("paused");
		this.schedules.pause("paused", TestActors.operator("olga"), "not today");

		// when its file changes to fire every second
		writeSchedule("paused", schedule("* * * * * ?"));
		await("changed").atMost(Duration.ofSeconds(10))
			.until(() -> this.schedules.get("paused").cron(), "* * * * * ?"::equals);

		// then it stays paused, and does not fire
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> fires("paused").isEmpty());
		assertThat(this.schedules.get("paused").paused()).isTrue();
		assertThat(this.schedules.get("paused").nextFire()).isNull();
	}

	private List<String> startedReleases(String schedule) {
		return fires(schedule).stream()
			.filter((fire) -> fire.outcome().equals("STARTED"))
			.map(FireView::releaseId)
			.toList();
	}

	/**
	 * The schedule's fires, newest first.
	 */
	private List<FireView> fires(String schedule) {
		return this.jdbc.sql("""
				SELECT due_at, fired_at, outcome, release_id, version, detail FROM flotilla_schedule_fire
				WHERE schedule = ? ORDER BY id DESC""")
			.param(schedule)
			.query((rs, row) -> new FireView(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
					rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)))
			.list();
	}

	private void awaitLoaded(String name) {
		await(name + " loaded").atMost(Duration.ofSeconds(10))
			.until(() -> this.schedules.list()
				.stream()
				.anyMatch((view) -> view.name().equals(name) && view.valid() && view.cron() != null));
	}

	private static String schedule(String cron) {
		return """
				plan: waits
				cron: "%s"
				version: {url: "%s"}
				runAs: admin
				""".formatted(cron, versionUrl());
	}

	private static void writeSchedule(String name, String text) {
		try {
			Path temporary = ROOT.resolve(name + ".yaml.tmp");
			Files.writeString(temporary, text);
			Files.move(temporary, SCHEDULES.resolve(name + ".yaml"), StandardCopyOption.REPLACE_EXISTING,
					StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteSchedule(String name) {
		try {
			Files.delete(SCHEDULES.resolve(name + ".yaml"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String versionUrl() {
		return "http://127.0.0.1:" + versionSource.getAddress().getPort() + "/versions";
	}

	private static void prepareDirectories() {
		try {
			if (Files.exists(ROOT)) {
				try (var walk = Files.walk(ROOT)) {
					walk.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
				}
			}
			Files.createDirectories(SCHEDULES);
			Files.createDirectories(PLANS);
			// releases of this plan wait for approval, so they stay active until
			// cancelled
			Files.writeString(PLANS.resolve("waits.yaml"), TestPlans.plan("waits", """
					approval: required
					stages:
					  - name: all
					    groups:
					      - name: all
					        contexts: [us-east-1, eu-west-1]
					"""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static HttpServer versionSource() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/versions", (exchange) -> {
				byte[] body = versions.get().getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
