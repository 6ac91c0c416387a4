package io.flotilla.release;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ServerProcess;
import io.flotilla.support.TestDatabases;
import io.flotilla.support.TestFleets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

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

	private static final String TARGET = "25.3";

	private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(2);

	@TempDir
	Path directory;

	private SandboxFleet fleet;

	private String jdbcUrl;

	private JdbcClient jdbc;

	private final List<ServerProcess> servers = new ArrayList<>();

	private final Map<String, KubernetesClient> clients = new HashMap<>();

	private String testName;

	private Map<String, String> versionsBefore;

	@BeforeEach
	void startFleetAndDatabase(TestInfo test) {
		this.testName = test.getTestMethod().orElseThrow().getName();
		this.fleet = SandboxFleet.start(SandboxOptions.defaults()
			.withClusters(60)
			.withRegionCount(3)
			.withFailRate(0.0)
			.withSlowRate(0.0)
			.withApiErrorRate(0.0)
			.withPodRestart(Duration.ofMillis(250))
			.withSeed(11)
			.withDirectory(this.directory));
		this.jdbcUrl = TestDatabases.newDatabase();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(this.jdbcUrl, "postgres", "");
		this.jdbc = JdbcClient.create(dataSource);
		this.versionsBefore = new HashMap<>();
	}

	@AfterEach
	void stopEverything() {
		this.servers.forEach(ServerProcess::close);
		this.clients.values().forEach(KubernetesClient::close);
		this.fleet.close();
	}

	@Test
	void killedInTheMiddleOfAWaveCompletesAfterRestartWithEveryClusterPatchedOnce() {
		// given a release of two stages with a bake between, running on a server
		ServerProcess first = startServer();
		startRelease(first, plan(Duration.ofSeconds(5)));
		// when the server dies while a wave of the first stage is in flight, after some
		// waves committed
		awaitWaveInFlight();
		long killedExecution = runningExecutions().get(0);
		first.kill();
		Instant killedAt = Instant.now();
		Map<String, Integer> atKill = stateCounts("prod");
		int patchedAtKill = patchesSent("prod");
		List<Row> changedUnrecorded = rows().stream()
			.filter((row) -> row.stage().equals("prod") && row.state().equals("PENDING"))
			.filter((row) -> this.fleet.patchCount(row.context(), row.namespace(), row.name()) > 0)
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
		// when the server is stopped with SIGTERM while a wave of the first stage is in
		// flight
		awaitWaveInFlight();
		first.stop();
		Instant stoppedAt = Instant.now();
		// then the release is not failed, and a new server finishes it by itself
		assertThat(releaseState()).isEqualTo("RUNNING");
		ServerProcess second = startServer();
		awaitCompleted(second);
		report(second, stoppedAt, "stopped with SIGTERM in a wave of stage 'prod'");
		assertEveryClusterUpgradedOnce();
		assertBakeNotShortened("prod", "rest");
	}

	@Test
	void killedWhileBakingWaitsForTheBakeOnTheNextServer() {
		// given a release baking after its first stage, with a bake that outlasts a
		// server restart
		ServerProcess first = startServer();
		startRelease(first, plan(Duration.ofSeconds(25)));
		awaitStoppedForTheBake();
		Instant bakeUntil = bakeUntil("prod");
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
		Instant bakeUntil = bakeUntil("prod");
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
				Map<String, Integer> states = stateCounts("prod");
				int upgraded = states.getOrDefault("UPGRADED", 0);
				return upgraded > 0 && states.getOrDefault("PENDING", 0) > 0 && patchesSent("prod") > upgraded;
			});
	}

	private ServerProcess startServer() {
		Path log = Path.of("target", "crash-logs", this.testName + "-" + (this.servers.size() + 1) + ".log");
		ServerProcess server = ServerProcess.start(this.jdbcUrl, this.fleet.kubeconfig(), log);
		this.servers.add(server);
		return server;
	}

	private void startRelease(ServerProcess server, String plan) {
		liveVersions().forEach(this.versionsBefore::put);
		Map<String, String> request = Map.of("planFile", "crash.yaml", "planText", plan, "id", RELEASE_ID, "startedBy",
				"test");
		var response = server.post("/api/releases", request);
		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	/**
	 * Waits until the release is BAKING and its execution has ended STOPPED, so only its
	 * timer can bring it back.
	 */
	private void awaitStoppedForTheBake() {
		await("release baking, its execution stopped").atMost(RELEASE_TIMEOUT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> "BAKING".equals(releaseState()) && runningExecutions().isEmpty()
					&& "STOPPED".equals(lastExecutionStatus()));
	}

	private void awaitCompleted(ServerProcess server) {
		try {
			await("release completed").atMost(RELEASE_TIMEOUT)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> "COMPLETED".equals(releaseState()));
		}
		catch (RuntimeException | AssertionError ex) {
			throw new AssertionError("Release is " + releaseState() + "; log of the last server (" + server.log()
					+ "):\n" + server.logTail(80), ex);
		}
		JsonNode status = server.get("/api/releases/" + RELEASE_ID).json();
		assertThat(status.get("state").asString()).isEqualTo("COMPLETED");
		for (JsonNode stage : status.get("stages")) {
			assertThat(stage.get("pending").asInt()).as(stage.toString()).isZero();
			assertThat(stage.get("failed").asInt()).as(stage.toString()).isZero();
		}
	}

	private void assertEveryClusterUpgradedOnce() {
		List<Row> rows = rows();
		assertThat(rows).hasSize(this.fleet.clusterCount());
		assertThat(rows).allSatisfy((row) -> assertThat(row.state()).isIn("UPGRADED", "ALREADY_CURRENT"));
		assertThat(rows).filteredOn((row) -> row.state().equals("UPGRADED")).isNotEmpty();
		for (Row row : rows) {
			int expectedPatches = row.state().equals("UPGRADED") ? 1 : 0;
			assertThat(this.fleet.patchCount(row.context(), row.namespace(), row.name()))
				.as("PATCH requests to %s (%s)", row.key(), row.state())
				.isEqualTo(expectedPatches);
			assertThat(liveVersion(row)).as("live version of %s", row.key()).isEqualTo(TARGET);
			assertThat(row.fromVersion()).as("recorded from-version of %s", row.key())
				.isEqualTo(this.versionsBefore.get(row.key()));
		}
	}

	/**
	 * The clusters the dead server had patched but not recorded were recorded by the next
	 * one before it patched any other cluster of their group: its progress was back where
	 * it was before anything new started.
	 */
	private void assertRecordedBeforeAnythingNewStarts(List<Row> changedUnrecorded, Instant killedAt) {
		Map<String, Instant> recordedAt = new HashMap<>();
		Map<String, String> groupOf = new HashMap<>();
		this.jdbc
			.sql("SELECT group_name, context, namespace, name, updated_at FROM flotilla_cluster"
					+ " WHERE release_id = ? AND stage = 'prod'")
			.param(RELEASE_ID)
			.query((rs) -> {
				String key = rs.getString(2) + "/" + rs.getString(3) + "/" + rs.getString(4);
				groupOf.put(key, rs.getString(1));
				recordedAt.put(key, instant(rs.getTimestamp(5)));
			});
		Map<String, Instant> firstNewPatchOf = new HashMap<>();
		for (Row row : rows()) {
			Instant patched = row.stage().equals("prod") ? firstPatchAt(row) : null;
			if (patched != null && patched.isAfter(killedAt)) {
				firstNewPatchOf.merge(groupOf.get(row.key()), patched, (a, b) -> a.isBefore(b) ? a : b);
			}
		}
		for (Row changed : changedUnrecorded) {
			String group = groupOf.get(changed.key());
			assertThat(recordedAt.get(changed.key()))
				.as("%s, patched before the kill, recorded before the first new PATCH of group %s", changed.key(),
						group)
				.isBeforeOrEqualTo(firstNewPatchOf.getOrDefault(group, Instant.MAX));
		}
	}

	private void assertBakeNotShortened(String bakedStage, String nextStage) {
		Instant bakeUntil = bakeUntil(bakedStage);
		assertThat(bakeUntil).isNotNull();
		assertThat(firstPatchAt(nextStage)).as("first PATCH of stage %s", nextStage).isAfterOrEqualTo(bakeUntil);
	}

	/**
	 * The release's executions, in order, never overlap: each ended before the next
	 * started, the killed one was recovered as FAILED, and the last one completed.
	 */
	private void assertOneLiveExecutionAtATime(Long killedExecution) {
		List<Execution> executions = this.jdbc.sql("""
				SELECT e.job_execution_id, e.status, e.start_time, e.end_time FROM batch_job_execution e
				JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
				WHERE i.job_name = 'release' ORDER BY e.job_execution_id""")
			.query((rs, row) -> new Execution(rs.getLong(1), rs.getString(2), instant(rs.getTimestamp(3)),
					instant(rs.getTimestamp(4))))
			.list();
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
		Instant firstNewPatch = rows().stream()
			.map(this::firstPatchAt)
			.filter(Objects::nonNull)
			.filter((at) -> at.isAfter(killedAt))
			.min(Comparator.naturalOrder())
			.orElse(null);
		System.out.printf(
				"%s: %s; new server ready %d ms after its JVM started, first new PATCH %s ms after it" + " (log %s)%n",
				this.testName, what, Duration.between(server.startedAt(), server.readyAt()).toMillis(),
				(firstNewPatch != null) ? Duration.between(server.startedAt(), firstNewPatch).toMillis() : "-",
				server.log());
	}

	private String releaseState() {
		return this.jdbc.sql("SELECT state FROM flotilla_release WHERE id = ?")
			.param(RELEASE_ID)
			.query(String.class)
			.optional()
			.orElse(null);
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

	private Instant bakeUntil(String stage) {
		Timestamp until = this.jdbc.sql("SELECT bake_until FROM flotilla_stage WHERE release_id = ? AND name = ?")
			.params(RELEASE_ID, stage)
			.query(Timestamp.class)
			.single();
		return instant(until);
	}

	private Map<String, Integer> stateCounts(String stage) {
		Map<String, Integer> counts = new HashMap<>();
		this.jdbc.sql("SELECT state, count(*) FROM flotilla_cluster WHERE release_id = ? AND stage = ? GROUP BY state")
			.params(RELEASE_ID, stage)
			.query((rs) -> {
				counts.put(rs.getString(1), rs.getInt(2));
			});
		return counts;
	}

	private List<Row> rows() {
		return this.jdbc.sql("""
				SELECT stage, context, namespace, name, state, from_version FROM flotilla_cluster WHERE release_id = ?
				ORDER BY stage, context, namespace, name""")
			.param(RELEASE_ID)
			.query((rs, row) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6)))
			.list();
	}

	private int patchesSent(String stage) {
		AtomicInteger patches = new AtomicInteger();
		rows().stream()
			.filter((row) -> row.stage().equals(stage))
			.forEach((row) -> patches.addAndGet(this.fleet.patchCount(row.context(), row.namespace(), row.name())));
		return patches.get();
	}

	private Instant firstPatchAt(String stage) {
		return rows().stream()
			.filter((row) -> row.stage().equals(stage))
			.map(this::firstPatchAt)
			.filter(Objects::nonNull)
			.min(Comparator.naturalOrder())
			.orElseThrow(() -> new AssertionError("stage " + stage + " received no PATCH"));
	}

	private Instant firstPatchAt(Row row) {
		return this.fleet.firstPatchAt(row.context(), row.namespace(), row.name());
	}

	/**
	 * The version of every StatefulSet of the fleet, keyed
	 * {@code context/namespace/name}.
	 */
	private Map<String, String> liveVersions() {
		return TestFleets.liveVersions(this.fleet.contexts(), this::client);
	}

	private String liveVersion(Row row) {
		return TestFleets.version(
				client(row.context()).apps().statefulSets().inNamespace(row.namespace()).withName(row.name()).get());
	}

	private KubernetesClient client(String context) {
		return this.clients.computeIfAbsent(context,
				(name) -> new KubernetesClientBuilder()
					.withConfig(Config.fromKubeconfig(name, this.fleet.kubeconfig().toFile()))
					.build());
	}

	/**
	 * Stage 'prod' in small waves, a bake, then stage 'rest' (dev and staging).
	 */
	private static String plan(Duration bake) {
		StringBuilder plan = new StringBuilder("""
				name: crash
				selector:
				  app.kubernetes.io/name: clickhouse
				version:
				  path: spec.template.spec.containers[name=clickhouse].image
				  pattern: ':([^:]+)$'
				  target: "%s"
				changes:
				  - op: add_or_update
				    path: spec.template.spec.containers[name=clickhouse].image
				    value: "clickhouse/clickhouse-server:${version}"
				defaults:
				  readyTimeout: 1m
				  failureBudget: "10%%"
				stages:
				  - name: prod
				    waveSize: 3
				    parallelism: 3
				    bake: %ds
				    groups:
				""".formatted(TARGET, bake.toSeconds()));
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
		return plan.toString();
	}

	private static String group(String name, String context, String tier) {
		return """
				      - name: %s
				        contexts: [%s]
				        selector: {flotilla.io/tier: %s}
				""".formatted(name, context, tier);
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	record Row(String stage, String context, String namespace, String name, String state, String fromVersion) {

		String key() {
			return this.context + "/" + this.namespace + "/" + this.name;
		}

	}

	record Execution(long id, String status, Instant start, Instant end) {

	}

}
