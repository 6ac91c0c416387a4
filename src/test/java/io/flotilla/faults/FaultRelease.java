package io.flotilla.faults;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flotilla.audit.Subject;
import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseEvent.BakeStarted;
import io.flotilla.release.ReleaseEvent.CheckFailed;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions.Breaks;
import io.flotilla.support.ReleaseTables;
import io.flotilla.support.ReleaseTables.ClusterRow;
import io.flotilla.support.ServerProcess;
import io.flotilla.support.TestDatabases;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestPlans;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One release of the fault suite, seen from outside the server: its rows and executions
 * in PostgreSQL, its clusters live in the sandbox fleet, and the PATCH requests the fleet
 * counted. It checks the invariants a release must keep whatever happens to its server,
 * its database or its Kubernetes API, and when one breaks it names the release, the
 * cluster and the history that broke it.
 */
final class FaultRelease implements AutoCloseable {

	static final String TARGET = "25.3";

	private final String releaseId;

	private final SandboxFleet fleet;

	private final String jdbcUrl;

	private final JdbcClient jdbc;

	private final ReleaseTables tables;

	private final Map<String, KubernetesClient> clients = new HashMap<>();

	private final Map<String, Duration> bakes = new LinkedHashMap<>();

	private final Map<String, Duration> soaks = new LinkedHashMap<>();

	FaultRelease(String releaseId, SandboxFleet fleet, String jdbcUrl) {
		this.releaseId = releaseId;
		this.fleet = fleet;
		this.jdbcUrl = jdbcUrl;
		this.jdbc = TestDatabases.client(jdbcUrl);
		this.tables = new ReleaseTables(this.jdbc);
	}

	String id() {
		return this.releaseId;
	}

	String jdbcUrl() {
		return this.jdbcUrl;
	}

	/**
	 * Three stages by tier (dev, staging, prod), each with one group per region, and a
	 * bake after the first two unless the bake is zero.
	 */
	String plan(Duration bake, int waveSize, int parallelism, Duration readyTimeout, String failureBudget) {
		return plan(bake, waveSize, parallelism, readyTimeout, failureBudget, null);
	}

	/**
	 * The three stages of {@link #plan(Duration, int, int, Duration, String)}, the stages
	 * {@code checks} names watched by a pods and a logs check that fail on what the
	 * sandbox's breaks show (a restarted pod, 'Logical error' lines) and soaked for
	 * {@code checks.soak}.
	 * @param checks the checks, or null for none
	 */
	String plan(Duration bake, int waveSize, int parallelism, Duration readyTimeout, String failureBudget,
			Checks checks) {
		StringBuilder plan = new StringBuilder("""
				defaults:
				  readyTimeout: %ds
				  failureBudget: "%s"
				  waveSize: %d
				  parallelism: %d
				stages:
				""".formatted(readyTimeout.toSeconds(), failureBudget, waveSize, parallelism));
		List<String> tiers = List.of("dev", "staging", "prod");
		for (int i = 0; i < tiers.size(); i++) {
			String tier = tiers.get(i);
			plan.append("  - name: ").append(tier).append('\n');
			if (i < tiers.size() - 1 && !bake.isZero()) {
				plan.append("    bake: ").append(bake.toMillis()).append("ms\n");
				this.bakes.put(tier, bake);
			}
			if (checks != null && checks.stages().contains(tier)) {
				plan.append("""
						    soak: %dms
						    checks:
						      - name: logical-errors
						        logs: {pattern: 'Logical error', max: 0}
						        onFailure: %s
						      - name: pods
						        pods: {restarts: 0}
						        onFailure: %s
						""".formatted(checks.soak().toMillis(), checks.onFailure(), checks.onFailure()));
				this.soaks.put(tier, checks.soak());
			}
			plan.append("    groups:\n");
			for (String context : this.fleet.contexts()) {
				plan.append("""
						      - name: %s-%s
						        contexts: [%s]
						        selector: {flotilla.io/tier: %s}
						""".formatted(tier, context, context, tier));
			}
		}
		return TestPlans.plan("faults", plan.toString());
	}

	/**
	 * Says that the plan this release starts with has checks on the stage and soaks it,
	 * for the invariants to hold its clusters to them; the plans of
	 * {@link #plan(Duration, int, int, Duration, String, Checks)} say it themselves.
	 * @param soak the stage's soak, zero for none
	 */
	void checks(String stage, Duration soak) {
		this.soaks.put(stage, soak);
	}

	void start(ServerProcess server, String plan) {
		start(server, "faults.yaml", plan, "fault-suite");
	}

	void start(ServerProcess server, String planFile, String plan, String startedBy) {
		Map<String, String> request = Map.of("planFile", planFile, "planText", plan, "id", this.releaseId, "startedBy",
				startedBy);
		var response = server.post("/api/releases", request);
		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	ReleaseState state() {
		return this.tables.state(this.releaseId);
	}

	/**
	 * The process that runs the release's job, as {@code host/pid/start}.
	 */
	String owner() {
		return this.jdbc.sql("SELECT owner FROM flotilla_release WHERE id = ?")
			.param(this.releaseId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	String stateReason() {
		return this.jdbc.sql("SELECT state_reason FROM flotilla_release WHERE id = ?")
			.param(this.releaseId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	/**
	 * Rows by state, over all stages.
	 */
	Map<ClusterState, Integer> stateCounts() {
		Map<ClusterState, Integer> counts = new HashMap<>();
		this.jdbc.sql("SELECT state, count(*) FROM flotilla_cluster WHERE release_id = ? GROUP BY state")
			.param(this.releaseId)
			.query((rs) -> {
				counts.put(ClusterState.valueOf(rs.getString(1)), rs.getInt(2));
			});
		return counts;
	}

	/**
	 * Rows by state, of one stage.
	 */
	Map<ClusterState, Integer> stateCounts(String stage) {
		Map<ClusterState, Integer> counts = new HashMap<>();
		this.jdbc.sql("SELECT state, count(*) FROM flotilla_cluster WHERE release_id = ? AND stage = ? GROUP BY state")
			.params(this.releaseId, stage)
			.query((rs) -> {
				counts.put(ClusterState.valueOf(rs.getString(1)), rs.getInt(2));
			});
		return counts;
	}

	/**
	 * How many clusters the release holds in the claim table.
	 */
	int claims() {
		return this.jdbc.sql("SELECT count(*) FROM flotilla_claim WHERE holder_type = 'release' AND holder_id = ?")
			.param(this.releaseId)
			.query(Integer.class)
			.single();
	}

	int done() {
		Map<ClusterState, Integer> counts = stateCounts();
		return counts.values().stream().mapToInt(Integer::intValue).sum()
				- counts.getOrDefault(ClusterState.PENDING, 0);
	}

	/**
	 * Whether clusters are being upgraded right now by a server started at the given
	 * instant: it has sent a PATCH and clusters are still pending.
	 */
	boolean waveInFlight(Instant serverStarted) {
		return stateCounts().getOrDefault(ClusterState.PENDING, 0) > 0 && firstPatchAfter(serverStarted) != null;
	}

	List<Execution> executions() {
		return this.jdbc.sql("""
				SELECT e.job_execution_id, e.status, e.start_time, e.end_time FROM batch_job_execution e
				JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
				WHERE i.job_name = 'release' ORDER BY e.job_execution_id""")
			.query((rs, row) -> new Execution(rs.getLong(1), rs.getString(2), instant(rs.getTimestamp(3)),
					instant(rs.getTimestamp(4))))
			.list();
	}

	List<ClusterRow> rows() {
		return this.tables.clusters(this.releaseId);
	}

	Instant bakeUntil(String stage) {
		return this.jdbc.sql("SELECT bake_until FROM flotilla_stage WHERE release_id = ? AND name = ?")
			.params(this.releaseId, stage)
			.query(Timestamp.class)
			.optional()
			.map(FaultRelease::instant)
			.orElse(null);
	}

	List<String> events(Predicate<String> message) {
		return this.jdbc.sql("""
				SELECT at, kind, stage, message FROM flotilla_event WHERE subject_type = ? AND subject_id = ?
				ORDER BY id""")
			.params(Subject.RELEASE, this.releaseId)
			.query((rs, row) -> instant(rs.getTimestamp(1)) + " " + rs.getString(2) + " [" + rs.getString(3) + "] "
					+ rs.getString(4))
			.list()
			.stream()
			.filter(message)
			.toList();
	}

	int patchCount(ClusterRow row) {
		return this.fleet.patchCount(row.context(), row.namespace(), row.name());
	}

	Instant firstPatchAt(ClusterRow row) {
		return this.fleet.firstPatchAt(row.context(), row.namespace(), row.name());
	}

	/**
	 * The first PATCH any cluster received after the given instant, or null.
	 */
	Instant firstPatchAfter(Instant after) {
		return rows().stream()
			.map(this::firstPatchAt)
			.filter(Objects::nonNull)
			.filter((at) -> at.isAfter(after))
			.min(Comparator.naturalOrder())
			.orElse(null);
	}

	/**
	 * Checks every invariant and fails with all that broke, each with the history that
	 * broke it.
	 * @param failedReason what a FAILED cluster's reason must say, for the faults the
	 * test injected
	 */
	void assertInvariants(Predicate<String> failedReason) {
		List<String> violations = new ArrayList<>();
		List<ClusterRow> rows = rows();
		if (rows.size() != this.fleet.clusterCount()) {
			violations.add("release %s has %d cluster rows for a fleet of %d".formatted(this.releaseId, rows.size(),
					this.fleet.clusterCount()));
		}
		Map<String, String> live = liveVersions();
		for (ClusterRow row : rows) {
			int patches = patchCount(row);
			String problem = switch (row.state()) {
				case UPGRADED -> (patches != 1) ? "UPGRADED with %d PATCH requests".formatted(patches)
						: !TARGET.equals(live.get(row.key())) ? "UPGRADED but live at " + live.get(row.key()) : null;
				case UNHEALTHY -> !this.soaks.containsKey(row.stage()) ? "UNHEALTHY in a stage without checks"
						: (patches != 1) ? "UNHEALTHY with %d PATCH requests".formatted(patches)
								: !TARGET.equals(live.get(row.key())) ? "UNHEALTHY but live at " + live.get(row.key())
										: null;
				case SKIPPED_UNHEALTHY -> (patches != 0) ? "SKIPPED_UNHEALTHY with %d PATCH requests".formatted(patches)
						: !failedReason.test(row.reason()) ? "SKIPPED_UNHEALTHY for a reason no injected fault explains"
								: null;
				case ALREADY_CURRENT -> (patches != 0) ? "ALREADY_CURRENT with %d PATCH requests".formatted(patches)
						: !TARGET.equals(live.get(row.key())) ? "ALREADY_CURRENT but live at " + live.get(row.key())
								: null;
				case FAILED -> (patches > 1) ? "FAILED with %d PATCH requests".formatted(patches)
						: (row.reason() == null || row.reason().isBlank()) ? "FAILED without a reason"
								: !failedReason.test(row.reason()) ? "FAILED for a reason no injected fault explains"
										: null;
				default -> "left " + row.state();
			};
			if (problem != null) {
				violations.add(history(row, problem));
			}
		}
		checkStageOrder(rows, violations);
		checkExecutions(violations);
		checkClaims(rows.size(), violations);
		assertThat(violations).as("invariants of release %s", this.releaseId).isEmpty();
	}

	/**
	 * Checks what the health checks of a plan with {@link Checks} must keep whatever
	 * happened to the server, and fails with all that broke: every cluster of a checked
	 * stage that the sandbox broke after its upgrade is UNHEALTHY (no verdict lost), no
	 * other is, each UNHEALTHY cluster has exactly one {@code check.failed} event (no
	 * verdict recorded twice), every UPGRADED cluster of a soaked stage was passed by a
	 * round that began after its soak, and an ended release has no check trigger left.
	 * @param breaks the sandbox's breaks
	 * @param seed the sandbox's seed, which with the breaks says which clusters broke
	 * @param unreached what the verdict on a cluster the sandbox did not break may say:
	 * that its check could not reach it, when the test's fleet may be too slow to answer
	 * in time; never what a break shows
	 */
	void assertCheckInvariants(Breaks breaks, long seed, Predicate<String> unreached) {
		List<String> violations = new ArrayList<>();
		List<String> verdicts = events((message) -> message.contains(" " + CheckFailed.KIND + " "));
		Map<String, Instant> checkedAt = checkedAt();
		for (ClusterRow row : rows()) {
			boolean broken = breaks.breaks(seed, row.namespace(), row.name(), TARGET);
			boolean checked = this.soaks.containsKey(row.stage());
			String problem = null;
			if (row.state() == ClusterState.UNHEALTHY && !broken && !unreached.test(row.reason())) {
				problem = "UNHEALTHY, but the sandbox never broke it";
			}
			else if (row.state() == ClusterState.UPGRADED && broken && checked) {
				problem = "broken by the sandbox but still UPGRADED: its verdict was lost";
			}
			else if (row.state() == ClusterState.UPGRADED && checked) {
				Instant checkedAfter = row.updatedAt().plus(this.soaks.get(row.stage()));
				Instant at = checkedAt.get(row.key());
				if (at == null || at.isBefore(checkedAfter)) {
					problem = "UPGRADED, but last passed by a round begun at %s, not after its soak ended at %s"
						.formatted(at, checkedAfter);
				}
			}
			long recorded = verdicts.stream()
				.filter((message) -> message.contains(" failed on " + row.key() + " in stage "))
				.count();
			long expected = (row.state() == ClusterState.UNHEALTHY) ? 1 : 0;
			if (problem == null && recorded != expected) {
				problem = "%s with %d %s events".formatted(row.state(), recorded, CheckFailed.KIND);
			}
			if (problem != null) {
				violations.add(history(row, problem));
			}
		}
		if (state().isTerminal() && watching()) {
			violations.add("release %s is %s, but its check trigger is still set".formatted(this.releaseId, state()));
		}
		assertThat(violations).as("check invariants of release %s", this.releaseId).isEmpty();
	}

	/**
	 * When each cluster was last passed by a check round (the round's start), keyed
	 * {@code context/namespace/name}; clusters never passed are left out.
	 */
	Map<String, Instant> checkedAt() {
		Map<String, Instant> checked = new HashMap<>();
		this.jdbc.sql("""
				SELECT context || '/' || namespace || '/' || name, checked_at FROM flotilla_cluster
				WHERE release_id = ? AND checked_at IS NOT NULL""").param(this.releaseId).query((rs) -> {
			checked.put(rs.getString(1), instant(rs.getTimestamp(2)));
		});
		return checked;
	}

	/**
	 * Whether the release's check rounds still have their Quartz trigger.
	 */
	boolean watching() {
		return hasTrigger("release-checks");
	}

	/**
	 * Whether the release has a timer that resumes it (a bake's or a soak's end).
	 */
	boolean hasResumeTimer() {
		return hasTrigger("release-resume");
	}

	private boolean hasTrigger(String group) {
		return this.jdbc.sql("SELECT count(*) FROM qrtz_triggers WHERE trigger_group = ? AND trigger_name = ?")
			.params(group, this.releaseId)
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * An ended release holds no cluster; any other holds every one of its clusters, since
	 * none of the fault suite's plans overlaps another release.
	 */
	private void checkClaims(int clusters, List<String> violations) {
		ReleaseState state = state();
		int expected = state.isTerminal() ? 0 : clusters;
		int held = claims();
		if (held != expected) {
			violations.add("release %s %s holds %d clusters, not %d".formatted(this.releaseId, state, held, expected));
		}
	}

	/**
	 * Stages ran in order: the first PATCH of a stage came after the last outcome of the
	 * stage before it, after the soak of each of its clusters still upgraded, and after
	 * its bake, and no bake was shorter than planned.
	 */
	private void checkStageOrder(List<ClusterRow> rows, List<String> violations) {
		List<String> stages = this.jdbc.sql("SELECT name FROM flotilla_stage WHERE release_id = ? ORDER BY position")
			.param(this.releaseId)
			.query(String.class)
			.list();
		for (int i = 0; i + 1 < stages.size(); i++) {
			String stage = stages.get(i);
			String next = stages.get(i + 1);
			// a verdict moves an UNHEALTHY row's updated_at to when a check round judged
			// it, which may be after the stage ended: the checks watch a cluster until
			// the
			// release ends
			ClusterRow lastOutcome = rows.stream()
				.filter((row) -> row.stage().equals(stage) && row.state() != ClusterState.UNHEALTHY)
				.max(Comparator.comparing(ClusterRow::updatedAt))
				.orElse(null);
			ClusterRow firstPatched = rows.stream()
				.filter((row) -> row.stage().equals(next) && firstPatchAt(row) != null)
				.min(Comparator.comparing(this::firstPatchAt))
				.orElse(null);
			if (lastOutcome == null || firstPatched == null) {
				continue;
			}
			Instant firstPatch = firstPatchAt(firstPatched);
			if (firstPatch.isBefore(lastOutcome.updatedAt())) {
				violations.add(history(firstPatched, "patched at %s, before the last outcome of stage %s (%s at %s)"
					.formatted(firstPatch, stage, lastOutcome.key(), lastOutcome.updatedAt())));
			}
			Duration soak = this.soaks.get(stage);
			if (soak != null) {
				rows.stream()
					.filter((row) -> row.stage().equals(stage) && row.state() == ClusterState.UPGRADED)
					.filter((row) -> firstPatch.isBefore(row.updatedAt().plus(soak)))
					.forEach((row) -> violations.add(history(row, "soak of %s cut short: %s of stage %s patched at %s"
						.formatted(soak, firstPatched.key(), next, firstPatch))));
			}
			Duration bake = this.bakes.get(stage);
			Instant bakeUntil = bakeUntil(stage);
			if (bake != null && bakeUntil == null) {
				violations.add("release %s: stage %s has no recorded bake end".formatted(this.releaseId, stage));
			}
			if (bakeUntil != null && firstPatch.isBefore(bakeUntil)) {
				violations.add(history(firstPatched, "patched at %s, before the bake of stage %s ended at %s"
					.formatted(firstPatch, stage, bakeUntil)));
			}
			if (bake != null && bakeUntil != null
					&& bakeUntil.isBefore(lastOutcome.updatedAt().plus(bake).minusMillis(1))) {
				violations.add("release %s: bake of stage %s ends %s, less than %s after its last outcome at %s; %s"
					.formatted(this.releaseId, stage, bakeUntil, bake, lastOutcome.updatedAt(),
							events((message) -> message.contains(BakeStarted.KIND))));
			}
		}
	}

	/**
	 * Never two live executions: each ended before the next started, none is left
	 * running, nor any of their steps.
	 */
	private void checkExecutions(List<String> violations) {
		List<Execution> executions = executions();
		for (Execution execution : executions) {
			if (List.of("STARTING", "STARTED", "STOPPING", "UNKNOWN").contains(execution.status())
					|| execution.end() == null) {
				violations
					.add("release %s: execution left %s: %s".formatted(this.releaseId, execution.status(), executions));
			}
		}
		for (int i = 1; i < executions.size(); i++) {
			Execution previous = executions.get(i - 1);
			Execution next = executions.get(i);
			if (previous.end() != null && next.start() != null && previous.end().isAfter(next.start())) {
				violations.add("release %s: execution %s still ran when %s started; all: %s".formatted(this.releaseId,
						previous, next, executions));
			}
		}
		List<String> steps = this.jdbc
			.sql("""
					SELECT s.step_name || ' ' || s.status || ' of execution ' || s.job_execution_id FROM batch_step_execution s
					WHERE s.status IN ('STARTING', 'STARTED', 'STOPPING', 'UNKNOWN')""")
			.query(String.class)
			.list();
		if (!steps.isEmpty()) {
			violations.add("release %s: steps left running: %s".formatted(this.releaseId, steps));
		}
	}

	/**
	 * The release, the cluster and everything recorded about it: its row, the events that
	 * name it, its PATCH requests.
	 */
	String history(ClusterRow row, String problem) {
		return """
				release %s, cluster %s: %s
				  row: stage=%s group=%s wave=%d state=%s reason=%s from=%s updated=%s
				  PATCH requests: %d, first at %s
				  events: %s""".formatted(this.releaseId, row.key(), problem, row.stage(), row.group(), row.wave(),
				row.state(), row.reason(), row.fromVersion(), row.updatedAt(), patchCount(row), firstPatchAt(row),
				events((message) -> message.contains(row.namespace() + "/" + row.name())));
	}

	/**
	 * The version of every StatefulSet of the fleet, keyed
	 * {@code context/namespace/name}, read live through fabric8.
	 */
	Map<String, String> liveVersions() {
		return TestFleets.liveVersions(this.fleet.contexts(), this::client);
	}

	/**
	 * The version of the row's StatefulSet, read live through fabric8.
	 */
	String liveVersion(ClusterRow row) {
		return TestFleets.liveVersion(client(row.context()), row.namespace(), row.name());
	}

	private KubernetesClient client(String context) {
		return this.clients.computeIfAbsent(context,
				(name) -> new KubernetesClientBuilder().withConfig(configFor(name, this.fleet.kubeconfig())).build());
	}

	private static Config configFor(String context, Path kubeconfig) {
		Config config = Config.fromKubeconfig(context, kubeconfig.toFile());
		// the fleet may fail requests on purpose; the checks must not
		config.setRequestRetryBackoffLimit(20);
		config.setRequestRetryBackoffInterval(50);
		return config;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	@Override
	public void close() {
		this.clients.values().forEach(KubernetesClient::close);
	}

	/**
	 * The checks of a plan of the fault suite.
	 *
	 * @param soak how long the checks watch each upgraded cluster before its stage may
	 * end
	 * @param onFailure what a failed check does: {@code pause}, {@code fail} or
	 * {@code record}
	 * @param stages the stages that have them
	 */
	record Checks(Duration soak, String onFailure, Set<String> stages) {

	}

	record Execution(long id, String status, Instant start, Instant end) {

	}

}
