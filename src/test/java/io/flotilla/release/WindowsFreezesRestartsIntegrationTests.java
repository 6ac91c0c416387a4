package io.flotilla.release;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.release.ReleaseEvent.RestartScheduled;
import io.flotilla.release.ReleaseEvent.RestartsExhausted;
import io.flotilla.release.ReleaseEvent.WindowWaiting;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ReleaseTables.ClusterRow;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestActors;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestPlans;
import io.flotilla.timer.ReleaseTimers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What holds a running release besides a person, on the real server against the sandbox:
 * a stage's deployment window, which a Quartz timer opens; a freeze an admin starts while
 * a release runs, which holds it after the wave in flight until the freeze ends; and the
 * plan's restart policy after a step threw, the failure injected in PostgreSQL by a
 * trigger on the cluster rows.
 */
class WindowsFreezesRestartsIntegrationTests extends ServerUnderTest {

	private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm");

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(4, List.of("window-1")),
			TestFleets.healthy(16, List.of("freeze-1")).withPodRestart(Duration.ofSeconds(1)),
			TestFleets.healthy(6, List.of("restart-1", "restart-2")));

	@Autowired
	ReleaseFreezes freezes;

	@Autowired
	ReleaseTimers timers;

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	@AfterEach
	void endFreezes() {
		if (!this.freezes.list().isEmpty()) {
			this.freezes.end(TestActors.admin("ada"), "next test");
		}
	}

	@Test
	void aStageOutsideItsWindowWaitsForATimerAndStartsWhenTheWindowOpens() {
		// given a stage whose only window opens at the next full minute (at least 8 s
		// ahead) and lasts ten minutes
		ZonedDateTime opens = ZonedDateTime.now(ZoneOffset.UTC)
			.plusSeconds(8)
			.truncatedTo(ChronoUnit.MINUTES)
			.plusMinutes(1);
		String window = "daily " + HOURS.format(opens) + "-" + HOURS.format(opens.plusMinutes(10)) + " UTC";

		// when a release of it starts
		this.releases.start("window.yaml", TestPlans.plan("window", """
				stages:
				  - name: inside
				    windows: ["%s"]
				    groups:
				      - name: all
				        contexts: [window-1]
				""".formatted(window)), "window", TestActors.operator("olga"));

		// then it waits before its first wave, saying until when, with a timer for it
		ReleaseStatus waiting = await("waiting for the window").atMost(Duration.ofSeconds(20))
			.until(() -> this.releases.status("window"), (status) -> status.state() == ReleaseState.WAITING_FOR_WINDOW);
		assertThat(waiting.reason()).isEqualTo("stage inside waits: outside its windows: next window opens "
				+ opens.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH) + " "
				+ HOURS.format(opens) + " UTC");
		assertThat(this.timers.nextResume("window")).hasValue(opens.toInstant());
		assertThat(this.tables.clusters("window"))
			.allSatisfy((row) -> assertThat(row.state()).isIn(ClusterState.PENDING, ClusterState.ALREADY_CURRENT));
		assertThat(this.releases.events("window")).extracting(EventRecord::kind).contains(WindowWaiting.KIND);

		// and when the window opens, the timer restarts it and it completes, no cluster
		// patched before the opening
		await("completed once the window opened").atMost(Duration.ofSeconds(100))
			.until(() -> this.releases.status("window").state() == ReleaseState.COMPLETED);
		for (ClusterRow row : this.tables.clusters("window")) {
			Instant patched = fleets.fleetOf("window-1").firstPatchAt("window-1", row.namespace(), row.name());
			if (patched != null) {
				assertThat(patched).isAfterOrEqualTo(opens.toInstant());
			}
		}
	}

	@Test
	void aFreezeHoldsARunningReleaseAfterItsWaveInFlightAndItsEndLetsItGoOn() {
		// given a release rolling out in waves of two
		this.releases.start("frozen.yaml", TestPlans.plan("frozen", """
				defaults:
				  waveSize: 2
				  parallelism: 2
				stages:
				  - name: all
				    groups:
				      - name: all
				        contexts: [freeze-1]
				"""), "frozen", TestActors.operator("olga"));
		await("a first wave done").atMost(Duration.ofSeconds(30))
			.until(() -> upgraded("frozen") >= 1 && this.releases.status("frozen").state() == ReleaseState.RUNNING);

		// when an admin freezes the fleet
		this.freezes.start(TestActors.admin("ada"), "incident 123", Map.of());

		// then the release stops after the clusters in flight, saying why, and starts
		// none
		ReleaseStatus held = await("held by the freeze").atMost(Duration.ofSeconds(30))
			.until(() -> this.releases.status("frozen"), (status) -> status.state() == ReleaseState.WAITING_FOR_WINDOW);
		assertThat(held.reason()).startsWith("stage all waits: frozen: incident 123 (by ada)");
		Map<String, Integer> patches = fleets.fleetOf("freeze-1").patchCounts();
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(3))
			.until(() -> fleets.fleetOf("freeze-1").patchCounts().equals(patches));
		assertThat(this.tables.clusters("frozen"))
			.anySatisfy((row) -> assertThat(row.state()).isEqualTo(ClusterState.PENDING));
		assertThat(this.freezes.frozen(Instant.now(), Map.of("app.kubernetes.io/name", "clickhouse")))
			.hasValueSatisfying((why) -> assertThat(why).startsWith("frozen: incident 123 (by ada)"));

		// when the freeze ends, the release goes on to its end
		assertThat(this.freezes.end(TestActors.admin("ada"), "resolved")).hasSize(1);
		await("completed after the freeze").atMost(Duration.ofSeconds(60))
			.until(() -> this.releases.status("frozen").state() == ReleaseState.COMPLETED);
		assertThat(this.freezes.list()).isEmpty();
	}

	@Test
	void aStepThatThrowsIsRestartedAsThePlanSaysUntilItsAttemptsAreUsed() {
		// given two releases whose cluster rows PostgreSQL refuses to update, so their
		// waves' steps throw; one may restart twice, the other once
		injectFault("healed", "used-up");
		this.releases.start("healed.yaml", TestPlans.plan("healed", """
				restart: {maxAttempts: 2, backoff: 1s, maxBackoff: 1s}
				stages:
				  - name: all
				    groups:
				      - name: all
				        contexts: [restart-1]
				"""), "healed", TestActors.operator("olga"));
		this.releases.start("used-up.yaml", TestPlans.plan("used-up", """
				restart: {maxAttempts: 1, backoff: 1s}
				stages:
				  - name: all
				    groups:
				      - name: all
				        contexts: [restart-2]
				"""), "used-up", TestActors.operator("olga"));

		// then each failure is followed by an automatic restart that names it
		await("first automatic restart").atMost(Duration.ofSeconds(30))
			.until(() -> kinds("healed").contains(RestartScheduled.KIND));
		assertThat(this.releases.events("healed")).filteredOn((event) -> event.kind().equals(RestartScheduled.KIND))
			.first()
			.satisfies((event) -> assertThat(event.message()).startsWith("automatic restart 1 of 2 in 1s after: ")
				.contains("injected fault"));

		// and once the fault is gone, the next automatic restart completes the release
		healFault("healed");
		await("healed release completed").atMost(Duration.ofSeconds(60))
			.until(() -> this.releases.status("healed").state() == ReleaseState.COMPLETED);

		// and the release that may restart once stays FAILED after its second failure,
		// saying so
		await("restarts used up").atMost(Duration.ofSeconds(60))
			.until(() -> kinds("used-up").contains(RestartsExhausted.KIND));
		assertThat(kinds("used-up")).containsSubsequence("release.ended", RestartScheduled.KIND, "release.ended",
				RestartsExhausted.KIND);
		assertThat(this.releases.status("used-up").state()).isEqualTo(ReleaseState.FAILED);
		assertThat(this.releases.events("used-up")).filteredOn((event) -> event.kind().equals(RestartsExhausted.KIND))
			.singleElement()
			.satisfies((event) -> assertThat(event.message())
				.startsWith("failed again after 1 automatic restarts, the plan's last; it stays FAILED"));

		// and a person's restart (resume) from its last committed wave completes it
		healFault("used-up");
		this.releases.signal("used-up", Signal.RESUME, TestActors.operator("olga"), "fault fixed");
		await("used-up release completed").atMost(Duration.ofSeconds(60))
			.until(() -> this.releases.status("used-up").state() == ReleaseState.COMPLETED);
	}

	private long upgraded(String releaseId) {
		return this.tables.clusters(releaseId).stream().filter((row) -> row.state() == ClusterState.UPGRADED).count();
	}

	private List<String> kinds(String releaseId) {
		return this.releases.events(releaseId).stream().map(EventRecord::kind).toList();
	}

	private void injectFault(String... releaseIds) {
		this.jdbc.sql("""
				CREATE TABLE IF NOT EXISTS test_fault (release_id VARCHAR(63) PRIMARY KEY);
				CREATE OR REPLACE FUNCTION test_fault() RETURNS trigger AS $$
				BEGIN
				  IF EXISTS (SELECT 1 FROM test_fault WHERE release_id = NEW.release_id) THEN
				    RAISE EXCEPTION 'injected fault for release %', NEW.release_id;
				  END IF;
				  RETURN NEW;
				END $$ LANGUAGE plpgsql;
				DROP TRIGGER IF EXISTS test_fault ON flotilla_cluster;
				CREATE TRIGGER test_fault BEFORE UPDATE ON flotilla_cluster FOR EACH ROW EXECUTE FUNCTION test_fault();
				""").update();
		for (String releaseId : releaseIds) {
			this.jdbc.sql("INSERT INTO test_fault VALUES (?)").param(releaseId).update();
		}
	}

	private void healFault(String releaseId) {
		this.jdbc.sql("DELETE FROM test_fault WHERE release_id = ?").param(releaseId).update();
	}

}
