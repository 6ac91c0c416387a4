package io.flotilla.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.faults.FaultRelease.Execution;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.release.StageProgress;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ReleaseTables.ClusterRow;
import io.flotilla.support.ServerProcess;
import io.flotilla.support.TestDatabases;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills the server with SIGKILL at the worst moments of a release and checks that a new
 * server finishes it alone: every cluster upgraded exactly once, none skipped, no bake
 * shortened and never two live executions of the release. The server runs in a child JVM;
 * PostgreSQL and the sandbox fleet live in this JVM, so they and the fleet's PATCH
 * counters outlive every server.
 */
class ReleaseCrashIntegrationTests {

	private static final String RELEASE_ID = "crash-1";

	private static final String TARGET = FaultRelease.TARGET;

	private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(2);

	@TempDir
	Path directory;

	@RegisterExtension
	final ServerHarness harness = new ServerHarness("crash-logs");

	private SandboxFleet fleet;

	private FaultRelease release;

	private JdbcClient jdbc;

	private String testName;

	private Map<String, String> versionsBefore;

	@BeforeEach
	void startFleetAndDatabase(TestInfo test) {
		this.testName = test.getTestMethod().orElseThrow().getName();
		this.fleet = this.harness.startFleet(SandboxOptions.defaults()
			.withClusters(60)
			.withRegionCount(3)
			.withFailRate(0.0)
			.withSlowRate(0.0)
			.withApiErrorRate(0.0)
			.withPodRestart(Duration.ofMillis(250))
			.withSeed(11)
			.withDirectory(this.directory));
		this.release = this.harness.release(RELEASE_ID);
		this.jdbc = TestDatabases.client(this.release.jdbcUrl());
		this.versionsBefore = new HashMap<>();
	}

	@Test
	void killedInTheMiddleOfAWaveCompletesAfterRestartWithEveryClusterPatchedOnce() {
		// given a release of two stages with a bake between, running on a server
		ServerProcess first = startServer();
		startRelease(first, plan(Duration.ofSeconds(5)));
		// when the server dies with a wave of the first stage in flight, some committed
		awaitWaveInFlight();
		long killedExecution = runningExecutions().get(0);
		first.kill();
		Instant killedAt = Instant.now();
		Map<ClusterState, Integer> atKill = this.release.stateCounts("prod");
		int patchedAtKill = patchesSent("prod");
		List<ClusterRow> changedUnrecorded = this.release.rows()
			.stream()
			.filter((row) -> row.stage().equals("prod") && row.state() == ClusterState.PENDING)
			.filter((row) -> this.release.patchCount(row) > 0)
			.toList();
		// then a new server finishes the release by itself
		ServerProcess second = startServer();
		awaitCompleted(second);
		report(second, killedAt,
				"killed with %s rows of stage 'prod', %d patches sent, %d clusters patched but not recorded"
					.formatted(atKill, patchedAtKill, changedUnrecorded.size()));
		assertEveryClusterUpgradedOnce();
		assertRecordedBeforeAnythingNewStarts(changedUnrecorded, killedAt);
		assertBakeNotShortened("prod", "rest");
		assertOneLiveExecutionAtATime(killedExecution);
	}

	@Test
	void stoppedGracefullyInTheMiddleOfAWaveCompletesAfterRestart() {
		// given a release of two stages running on a server
		ServerProcess first = startServer();
		startRelease(first, plan(Duration.ofSeconds(2)));
		// when the server gets SIGTERM with a wave of the first stage in flight
		awaitWaveInFlight();
		first.stop();
		Instant stoppedAt = Instant.now();
		// then the release is not failed, and a new server finishes it by itself
		assertThat(this.release.state()).isEqualTo(ReleaseState.RUNNING);
		ServerProcess second = startServer();
		awaitCompleted(second);
		report(second, stoppedAt, "stopped with SIGTERM in a wave of stage 'prod'");
		assertEveryClusterUpgradedOnce();
		assertBakeNotShortened("prod", "rest");
	}

	@Test
	void killedWhileBakingWaitsForTheBakeOnTheNextServer() {
		// given a release baking after its first stage, longer than a server restart
		ServerProcess first = startServer();
		startRelease(first, plan(Duration.ofSeconds(25)));
		awaitStoppedForTheBake();
		Instant bakeUntil = this.release.bakeUntil("prod");
		// when the server dies and a new one starts before the bake ends
		first.kill();
		Instant killedAt = Instant.now();
		ServerProcess second = startServer();
		assertThat(second.readyAt()).as("new server ready before the bake ends").isBefore(bakeUntil);
		// then nothing of the next stage happens before the bake ends, and the release
		// goes on by itself after it
		assertThat(patchesSent("rest")).isZero();
		awaitCompleted(second);
		report(second, killedAt, "killed while baking until " + bakeUntil);
		assertEveryClusterUpgradedOnce();
		assertBakeNotShortened("prod", "rest");
		assertOneLiveExecutionAtATime(null);
	}

	@Test
	void killedWhileBakingContinuesWhenTheBakeEndedWhileNoServerRan() {
		// given a release baking after its first stage
		ServerProcess first = startServer();
		startRelease(first, plan(Duration.ofSeconds(4)));
		awaitStoppedForTheBake();
		Instant bakeUntil = this.release.bakeUntil("prod");
		// when the server dies and no server runs when the bake comes due
		first.kill();
		Instant killedAt = Instant.now();
		await("bake due").atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(bakeUntil.plusSeconds(2)));
		assertThat(patchesSent("rest")).isZero();
		// then the missed timer fires when a new server starts, and the release completes
		ServerProcess second = startServer();
		awaitCompleted(second);
		report(second, killedAt, "killed while baking until " + bakeUntil + ", restarted after it");
		assertEveryClusterUpgradedOnce();
		assertBakeNotShortened("prod", "rest");
		assertThat(firstPatchAt("rest")).isAfter(second.startedAt());
		assertOneLiveExecutionAtATime(null);
	}

	/**
	 * Waits until a wave of stage 'prod' is in flight after at least one committed: more
	 * clusters patched than recorded as upgraded, and some still pending.
	 */
	private void awaitWaveInFlight() {
		await("a wave of stage 'prod' in flight after a committed one").atMost(RELEASE_TIMEOUT)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> {
				Map<ClusterState, Integer> states = this.release.stateCounts("prod");
				int upgraded = states.getOrDefault(ClusterState.UPGRADED, 0);
				return upgraded > 0 && states.getOrDefault(ClusterState.PENDING, 0) > 0
						&& patchesSent("prod") > upgraded;
			});
	}

	private ServerProcess startServer() {
		return this.harness.startServer(this.testName + "-" + (this.harness.serverCount() + 1));
	}

	private void startRelease(ServerProcess server, String plan) {
		this.release.liveVersions().forEach(this.versionsBefore::put);
		this.release.start(server, "crash.yaml", plan, "test");
	}

	/**
	 * Waits until the release is BAKING and its execution has ended STOPPED, so only its
	 * timer can bring it back.
	 */
	private void awaitStoppedForTheBake() {
		await("release baking, its execution stopped").atMost(RELEASE_TIMEOUT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.release.state() == ReleaseState.BAKING && runningExecutions().isEmpty()
					&& "STOPPED".equals(lastExecutionStatus()));
	}

	private void awaitCompleted(ServerProcess server) {
		try {
			await("release completed").atMost(RELEASE_TIMEOUT)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> this.release.state() == ReleaseState.COMPLETED);
		}
		catch (RuntimeException | AssertionError ex) {
			throw new AssertionError("Release is " + this.release.state() + "; log of the last server (" + server.log()
					+ "):\n" + server.logTail(80), ex);
		}
		ReleaseStatus status = server.get("/api/releases/" + RELEASE_ID).as(ReleaseStatus.class);
		assertThat(status.state()).isEqualTo(ReleaseState.COMPLETED);
		for (StageProgress stage : status.stages()) {
			assertThat(stage.pending()).as(stage.toString()).isZero();
			assertThat(stage.failed()).as(stage.toString()).isZero();
		}
	}

	private void assertEveryClusterUpgradedOnce() {
		List<ClusterRow> rows = this.release.rows();
		assertThat(rows).hasSize(this.fleet.clusterCount());
		assertThat(rows)
			.allSatisfy((row) -> assertThat(row.state()).isIn(ClusterState.UPGRADED, ClusterState.ALREADY_CURRENT));
		assertThat(rows).filteredOn((row) -> row.state() == ClusterState.UPGRADED).isNotEmpty();
		for (ClusterRow row : rows) {
			int expectedPatches = (row.state() == ClusterState.UPGRADED) ? 1 : 0;
			assertThat(this.release.patchCount(row)).as("PATCH requests to %s (%s)", row.key(), row.state())
				.isEqualTo(expectedPatches);
			assertThat(this.release.liveVersion(row)).as("live version of %s", row.key()).isEqualTo(TARGET);
			assertThat(row.fromVersion()).as("recorded from-version of %s", row.key())
				.isEqualTo(this.versionsBefore.get(row.key()));
		}
	}

	/**
	 * The clusters the dead server had patched but not recorded were recorded by the next
	 * one before it patched any other cluster of their group: its progress was back where
	 * it was before anything new started.
	 */
	private void assertRecordedBeforeAnythingNewStarts(List<ClusterRow> changedUnrecorded, Instant killedAt) {
		Map<String, Instant> recordedAt = new HashMap<>();
		Map<String, String> groupOf = new HashMap<>();
		List<ClusterRow> rows = this.release.rows();
		rows.stream().filter((row) -> row.stage().equals("prod")).forEach((row) -> {
			groupOf.put(row.key(), row.group());
			recordedAt.put(row.key(), row.updatedAt());
		});
		Map<String, Instant> firstNewPatchOf = new HashMap<>();
		for (ClusterRow row : rows) {
			Instant patched = row.stage().equals("prod") ? this.release.firstPatchAt(row) : null;
			if (patched != null && patched.isAfter(killedAt)) {
				firstNewPatchOf.merge(groupOf.get(row.key()), patched, (a, b) -> a.isBefore(b) ? a : b);
			}
		}
		for (ClusterRow changed : changedUnrecorded) {
			String group = groupOf.get(changed.key());
			assertThat(recordedAt.get(changed.key()))
				.as("%s, patched before the kill, recorded before the first new PATCH of group %s", changed.key(),
						group)
				.isBeforeOrEqualTo(firstNewPatchOf.getOrDefault(group, Instant.MAX));
		}
	}

	private void assertBakeNotShortened(String bakedStage, String nextStage) {
		Instant bakeUntil = this.release.bakeUntil(bakedStage);
		assertThat(bakeUntil).isNotNull();
		assertThat(firstPatchAt(nextStage)).as("first PATCH of stage %s", nextStage).isAfterOrEqualTo(bakeUntil);
	}

	/**
	 * The release's executions, in order, never overlap: each ended before the next
	 * started, the killed one was recovered as FAILED, and the last one completed.
	 */
	private void assertOneLiveExecutionAtATime(Long killedExecution) {
		List<Execution> executions = this.release.executions();
		assertThat(executions).hasSizeGreaterThanOrEqualTo(2);
		assertThat(executions).allSatisfy((execution) -> {
			assertThat(execution.status()).isNotIn("STARTING", "STARTED", "STOPPING", "UNKNOWN");
			assertThat(execution.end()).isNotNull();
		});
		for (int i = 1; i < executions.size(); i++) {
			Execution previous = executions.get(i - 1);
			Execution next = executions.get(i);
			assertThat(previous.end()).as("%s ends before %s starts", previous, next).isBeforeOrEqualTo(next.start());
		}
		assertThat(executions.get(executions.size() - 1).status()).isEqualTo("COMPLETED");
		if (killedExecution != null) {
			assertThat(executions).filteredOn((execution) -> execution.id() == killedExecution)
				.singleElement()
				.extracting(Execution::status)
				.isEqualTo("FAILED");
		}
		List<String> stepStates = this.jdbc.sql("""
				SELECT DISTINCT s.status FROM batch_step_execution s JOIN batch_job_execution e
				ON e.job_execution_id = s.job_execution_id""").query(String.class).list();
		assertThat(stepStates).doesNotContain("STARTING", "STARTED", "STOPPING", "UNKNOWN");
	}

	private void report(ServerProcess server, Instant killedAt, String what) {
		Instant firstNewPatch = this.release.firstPatchAfter(killedAt);
		System.out.printf(
				"%s: %s; new server ready %d ms after its JVM started, first new PATCH %s ms after it" + " (log %s)%n",
				this.testName, what, Duration.between(server.startedAt(), server.readyAt()).toMillis(),
				(firstNewPatch != null) ? Duration.between(server.startedAt(), firstNewPatch).toMillis() : "-",
				server.log());
	}

	private List<Long> runningExecutions() {
		return this.jdbc.sql("SELECT job_execution_id FROM batch_job_execution WHERE status IN ('STARTING', 'STARTED')")
			.query(Long.class)
			.list();
	}

	private String lastExecutionStatus() {
		return this.jdbc.sql("SELECT status FROM batch_job_execution ORDER BY job_execution_id DESC LIMIT 1")
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private int patchesSent(String stage) {
		AtomicInteger patches = new AtomicInteger();
		this.release.rows()
			.stream()
			.filter((row) -> row.stage().equals(stage))
			.forEach((row) -> patches.addAndGet(this.release.patchCount(row)));
		return patches.get();
	}

	private Instant firstPatchAt(String stage) {
		return this.release.rows()
			.stream()
			.filter((row) -> row.stage().equals(stage))
			.map(this.release::firstPatchAt)
			.filter(Objects::nonNull)
			.min(Comparator.naturalOrder())
			.orElseThrow(() -> new AssertionError("stage " + stage + " received no PATCH"));
	}

	/**
	 * Stage 'prod' in small waves, a bake, then stage 'rest' (dev and staging).
	 */
	private static String plan(Duration bake) {
		StringBuilder plan = new StringBuilder("""
				defaults:
				  readyTimeout: 1m
				  failureBudget: "10%%"
				stages:
				  - name: prod
				    waveSize: 3
				    parallelism: 3
				    bake: %ds
				    groups:
				""".formatted(bake.toSeconds()));
		for (String region : SandboxOptions.regions(3)) {
			plan.append(group(region, region, "prod"));
		}
		plan.append("""
				  - name: rest
				    waveSize: 4
				    parallelism: 4
				    groups:
				""");
		for (String region : SandboxOptions.regions(3)) {
			plan.append(group(region + "-dev", region, "dev")).append(group(region + "-staging", region, "staging"));
		}
		return TestPlans.plan("crash", plan.toString());
	}

	private static String group(String name, String context, String tier) {
		return """
				      - name: %s
				        contexts: [%s]
				        selector: {flotilla.io/tier: %s}
				""".formatted(name, context, tier);
	}

}
