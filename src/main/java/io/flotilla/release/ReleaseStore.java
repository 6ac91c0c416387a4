package io.flotilla.release;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.flotilla.control.ReleaseState;
import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Outcome;
import io.flotilla.fleet.UpgradeResult;
import io.flotilla.plan.Stage;
import io.flotilla.release.ReleaseEvent.SignalApplied;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Flotilla's own tables: releases, their stages and one row per cluster. Every method
 * joins the caller's transaction, so a wave's outcomes commit with the chunk that
 * produced them.
 */
@Repository
class ReleaseStore {

	private static final int BATCH_SIZE = 1000;

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final Clock clock;

	ReleaseStore(JdbcClient jdbc, JdbcTemplate jdbcTemplate, Clock clock) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.clock = clock;
	}

	boolean exists(String id) {
		return this.jdbc.sql("SELECT count(*) FROM flotilla_release WHERE id = ?")
			.param(id)
			.query(Integer.class)
			.single() > 0;
	}

	void insert(ReleaseRecord release, FleetSnapshot snapshot) {
		this.jdbc
			.sql("""
					INSERT INTO flotilla_release (id, plan_name, plan_file, plan_text, target_version, state, started_by, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(release.id(), release.planName(), release.planFile(), release.planText(), release.targetVersion(),
					release.state().name(), release.startedBy(), timestamp(release.createdAt()),
					timestamp(release.createdAt()))
			.update();
		List<Stage> stages = snapshot.plan().stages();
		for (int position = 0; position < stages.size(); position++) {
			String stage = stages.get(position).name();
			this.jdbc.sql("INSERT INTO flotilla_stage (release_id, position, name, clusters) VALUES (?, ?, ?, ?)")
				.params(release.id(), position, stage, snapshot.inStage(stage).size())
				.update();
		}
		insertClusters(release, snapshot.clusters());
	}

	private void insertClusters(ReleaseRecord release, List<PlannedCluster> clusters) {
		Timestamp now = timestamp(release.createdAt());
		this.jdbcTemplate.batchUpdate("""
				INSERT INTO flotilla_cluster (release_id, stage, group_name, wave, context, namespace, name,
				from_version, target_version, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", clusters,
				BATCH_SIZE, (statement, planned) -> {
					ClusterRef cluster = planned.cluster();
					statement.setString(1, release.id());
					statement.setString(2, planned.stage());
					statement.setString(3, planned.group());
					statement.setInt(4, planned.wave());
					statement.setString(5, cluster.context());
					statement.setString(6, cluster.namespace());
					statement.setString(7, cluster.name());
					statement.setString(8, cluster.version());
					statement.setString(9, release.targetVersion());
					ClusterState state = planned.alreadyCurrent() ? ClusterState.ALREADY_CURRENT : ClusterState.PENDING;
					statement.setString(10, state.name());
					statement.setTimestamp(11, now);
				});
	}

	Optional<ReleaseRecord> find(String id) {
		return this.jdbc.sql("SELECT * FROM flotilla_release WHERE id = ?")
			.param(id)
			.query(ReleaseStore::release)
			.optional();
	}

	List<ReleaseRecord> findAll() {
		return this.jdbc.sql("SELECT * FROM flotilla_release ORDER BY created_at DESC")
			.query(ReleaseStore::release)
			.list();
	}

	List<String> findUnfinished() {
		return this.jdbc
			.sql("SELECT id FROM flotilla_release WHERE state NOT IN ('COMPLETED', 'CANCELLED') ORDER BY created_at")
			.query(String.class)
			.list();
	}

	void updateState(String id, ReleaseState state, String reason) {
		this.jdbc.sql("UPDATE flotilla_release SET state = ?, state_reason = ?, updated_at = ? WHERE id = ?")
			.params(state.name(), reason, timestamp(this.clock.instant()), id)
			.update();
	}

	/**
	 * Moves a release to a state only if it is still in one of the expected states, so
	 * that the job and an engineer's signal never overwrite each other's decision.
	 * @return whether the release was moved
	 */
	boolean transition(String id, Set<ReleaseState> expected, ReleaseState state, String reason) {
		return this.jdbc
			.sql("UPDATE flotilla_release SET state = ?, state_reason = ?, updated_at = ? WHERE id = ? AND state IN ("
					+ quoted(expected) + ")")
			.params(state.name(), reason, timestamp(this.clock.instant()), id)
			.update() == 1;
	}

	/**
	 * The release, with its row locked until the transaction ends: signals are applied
	 * one at a time.
	 */
	Optional<ReleaseRecord> lock(String id) {
		return this.jdbc.sql("SELECT * FROM flotilla_release WHERE id = ? FOR UPDATE")
			.param(id)
			.query(ReleaseStore::release)
			.optional();
	}

	/**
	 * Whether the job may start another cluster: any other state means someone or
	 * something asked it to stop.
	 */
	boolean mayStartClusters(String id) {
		return this.jdbc.sql("SELECT state FROM flotilla_release WHERE id = ?")
			.param(id)
			.query((rs, row) -> ReleaseState.valueOf(rs.getString(1)))
			.optional()
			.map((state) -> state == ReleaseState.RUNNING || state == ReleaseState.STARTING)
			.orElse(false);
	}

	/**
	 * Records the stage the release is in: the one a reset retries.
	 */
	void enterStage(String id, String stage) {
		this.jdbc.sql("UPDATE flotilla_release SET current_stage = ? WHERE id = ?").params(stage, id).update();
	}

	/**
	 * Stops the release at a gate, if it is still running.
	 * @return whether it was running and now waits
	 */
	boolean awaitApproval(String id, Gate gate, String stage, String reason) {
		return this.jdbc.sql("""
				UPDATE flotilla_release SET state = 'AWAITING_APPROVAL', waiting_for = ?, current_stage = ?,
				state_reason = ?, updated_at = ? WHERE id = ? AND state IN ('RUNNING', 'STARTING')""")
			.params(gate.name(), stage, reason, timestamp(this.clock.instant()), id)
			.update() == 1;
	}

	/**
	 * Passes the gate the release waits at, recording who passed it.
	 */
	void approve(ReleaseRecord release, String by) {
		Gate gate = release.waitingFor();
		if (gate == Gate.RELEASE) {
			this.jdbc.sql("UPDATE flotilla_release SET approved_by = ? WHERE id = ?").params(by, release.id()).update();
		}
		else {
			String column = (gate == Gate.STAGE) ? "approved_by" : "first_wave_approved_by";
			this.jdbc.sql("UPDATE flotilla_stage SET " + column + " = ? WHERE release_id = ? AND name = ?")
				.params(by, release.id(), release.currentStage())
				.update();
		}
		this.jdbc.sql("UPDATE flotilla_release SET waiting_for = NULL WHERE id = ?").param(release.id()).update();
	}

	boolean approved(String id, Gate gate, String stage) {
		String sql = switch (gate) {
			case RELEASE -> "SELECT approved_by IS NOT NULL FROM flotilla_release WHERE id = ? AND ? IS NOT NULL";
			case STAGE -> "SELECT approved_by IS NOT NULL FROM flotilla_stage WHERE release_id = ? AND name = ?";
			case FIRST_WAVE ->
				"SELECT first_wave_approved_by IS NOT NULL FROM flotilla_stage WHERE release_id = ? AND name = ?";
		};
		return this.jdbc.sql(sql).params(id, String.valueOf(stage)).query(Boolean.class).single();
	}

	/**
	 * Puts the failed clusters of a stage back to pending and forgets the failures a
	 * resume had accepted.
	 * @return how many clusters will be tried again
	 */
	int resetFailures(String id, String stage) {
		int reset = this.jdbc.sql("""
				UPDATE flotilla_cluster SET state = 'PENDING', reason = NULL, updated_at = ?
				WHERE release_id = ? AND stage = ? AND state = 'FAILED'""")
			.params(timestamp(this.clock.instant()), id, stage)
			.update();
		this.jdbc.sql("UPDATE flotilla_stage SET accepted_failures = 0 WHERE release_id = ? AND name = ?")
			.params(id, stage)
			.update();
		return reset;
	}

	void insertEvent(ReleaseEvent event) {
		SignalApplied signal = (event instanceof SignalApplied applied) ? applied : null;
		this.jdbc
			.sql("""
					INSERT INTO flotilla_event (release_id, at, kind, stage, message, actor, reason, state_before, state_after)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(event.releaseId(), timestamp(event.at()), event.getClass().getSimpleName(), event.stage(),
					truncate(event.describe(), 4000), (signal != null) ? signal.by() : null,
					(signal != null) ? truncate(signal.reason(), 2000) : null,
					(signal != null) ? signal.before().name() : null, (signal != null) ? signal.after().name() : null)
			.update();
	}

	/**
	 * The id of the release's latest event, or 0 when it has none.
	 */
	long lastEventId(String id) {
		return this.jdbc.sql("SELECT coalesce(max(id), 0) FROM flotilla_event WHERE release_id = ?")
			.param(id)
			.query(Long.class)
			.single();
	}

	/**
	 * Whether a signal after the given event let the release go on (resume, continue or
	 * reset).
	 */
	boolean goneOnSince(String id, long eventId) {
		return this.jdbc.sql("""
				SELECT count(*) FROM flotilla_event WHERE release_id = ? AND id > ? AND kind = 'SignalApplied'
				AND state_after = 'RUNNING'""").params(id, eventId).query(Integer.class).single() > 0;
	}

	List<EventRecord> events(String id) {
		return this.jdbc.sql("SELECT * FROM flotilla_event WHERE release_id = ? ORDER BY id")
			.param(id)
			.query((rs, row) -> new EventRecord(instant(rs.getTimestamp("at")), rs.getString("kind"),
					rs.getString("stage"), rs.getString("message"), rs.getString("actor"), rs.getString("reason"),
					state(rs.getString("state_before")), state(rs.getString("state_after"))))
			.list();
	}

	/**
	 * The pending clusters of a group's lowest pending wave; empty when the group is
	 * done.
	 */
	List<ClusterRow> nextWave(String releaseId, String stage, String group) {
		return this.jdbc
			.sql("""
					SELECT * FROM flotilla_cluster WHERE release_id = ? AND stage = ? AND group_name = ? AND state = 'PENDING'
					AND wave = (SELECT min(wave) FROM flotilla_cluster WHERE release_id = ? AND stage = ? AND group_name = ? AND state = 'PENDING')
					ORDER BY context, namespace, name""")
			.params(releaseId, stage, group, releaseId, stage, group)
			.query(ReleaseStore::clusterRow)
			.list();
	}

	/**
	 * The pending clusters of the group's first wave after the given one: those a wave
	 * may start ahead.
	 */
	List<ClusterRow> waveAfter(String releaseId, String stage, String group, int wave) {
		return this.jdbc
			.sql("""
					SELECT * FROM flotilla_cluster WHERE release_id = ? AND stage = ? AND group_name = ? AND state = 'PENDING'
					AND wave = (SELECT min(wave) FROM flotilla_cluster WHERE release_id = ? AND stage = ? AND group_name = ? AND state = 'PENDING' AND wave > ?)
					ORDER BY context, namespace, name""")
			.params(releaseId, stage, group, releaseId, stage, group, wave)
			.query(ReleaseStore::clusterRow)
			.list();
	}

	/**
	 * Records a cluster's outcome, and the version it was found at when that is news: a
	 * cluster upgraded without a patch of this call was patched by an earlier execution
	 * that died before its wave committed, so the version found now is already the target
	 * and the recorded from-version is kept.
	 */
	void recordOutcome(String releaseId, ClusterRef cluster, UpgradeResult result) {
		boolean awaitedEarlierPatch = result.outcome() == Outcome.UPGRADED && !result.patched();
		String fromVersion = awaitedEarlierPatch ? null : result.fromVersion();
		this.jdbc
			.sql("""
					UPDATE flotilla_cluster SET state = ?, reason = ?, from_version = coalesce(?, from_version), updated_at = ?
					WHERE release_id = ? AND context = ? AND namespace = ? AND name = ?""")
			.params(result.outcome().name(), result.reason(), fromVersion, timestamp(this.clock.instant()), releaseId,
					cluster.context(), cluster.namespace(), cluster.name())
			.update();
	}

	StageRecord stage(String releaseId, String stage) {
		return this.jdbc
			.sql("""
					SELECT s.clusters, s.accepted_failures, s.bake_until,
					(SELECT count(*) FROM flotilla_cluster c WHERE c.release_id = s.release_id AND c.stage = s.name AND c.state = 'FAILED') AS failed
					FROM flotilla_stage s WHERE s.release_id = ? AND s.name = ?""")
			.params(releaseId, stage)
			.query((rs, row) -> new StageRecord(stage, rs.getInt("clusters"), rs.getInt("failed"),
					rs.getInt("accepted_failures"), instant(rs.getTimestamp("bake_until"))))
			.single();
	}

	void startBake(String releaseId, String stage, Instant until) {
		this.jdbc.sql("UPDATE flotilla_stage SET bake_until = ? WHERE release_id = ? AND name = ?")
			.params(timestamp(until), releaseId, stage)
			.update();
	}

	/**
	 * Accepts every failure recorded so far in each stage, so a resumed release goes on
	 * past a breached budget.
	 */
	void acceptFailures(String releaseId, String stage) {
		this.jdbc.sql("""
				UPDATE flotilla_stage s SET accepted_failures = (SELECT count(*) FROM flotilla_cluster c
				WHERE c.release_id = s.release_id AND c.stage = s.name AND c.state = 'FAILED')
				WHERE s.release_id = ? AND s.name = ?""").params(releaseId, stage).update();
	}

	List<StageProgress> progress(String releaseId) {
		return this.jdbc.sql("""
				SELECT s.name, s.clusters, s.bake_until,
				count(c.name) FILTER (WHERE c.state = 'PENDING') AS pending,
				count(c.name) FILTER (WHERE c.state = 'UPGRADED') AS upgraded,
				count(c.name) FILTER (WHERE c.state = 'ALREADY_CURRENT') AS already_current,
				count(c.name) FILTER (WHERE c.state = 'FAILED') AS failed,
				coalesce(max(c.wave), 0) AS waves,
				min(c.wave) FILTER (WHERE c.state = 'PENDING') AS current_wave
				FROM flotilla_stage s LEFT JOIN flotilla_cluster c ON c.release_id = s.release_id AND c.stage = s.name
				WHERE s.release_id = ? GROUP BY s.name, s.clusters, s.bake_until, s.position ORDER BY s.position""")
			.param(releaseId)
			.query((rs, row) -> new StageProgress(rs.getString("name"), rs.getInt("clusters"), rs.getInt("pending"),
					rs.getInt("upgraded"), rs.getInt("already_current"), rs.getInt("failed"), rs.getInt("waves"),
					(Integer) rs.getObject("current_wave"), instant(rs.getTimestamp("bake_until")), List.of()))
			.list();
	}

	List<ClusterFailure> failures(String releaseId) {
		return this.jdbc.sql("""
				SELECT stage, context, namespace, name, reason FROM flotilla_cluster
				WHERE release_id = ? AND state = 'FAILED' ORDER BY stage, context, namespace, name""")
			.param(releaseId)
			.query((rs, row) -> new ClusterFailure(rs.getString("stage"),
					rs.getString("context") + "/" + rs.getString("namespace") + "/" + rs.getString("name"),
					rs.getString("reason")))
			.list();
	}

	private static ReleaseRecord release(ResultSet rs, int row) throws SQLException {
		return new ReleaseRecord(rs.getString("id"), rs.getString("plan_name"), rs.getString("plan_file"),
				rs.getString("plan_text"), rs.getString("target_version"), ReleaseState.valueOf(rs.getString("state")),
				rs.getString("state_reason"), rs.getString("started_by"), instant(rs.getTimestamp("created_at")),
				instant(rs.getTimestamp("updated_at")), rs.getString("current_stage"),
				(rs.getString("waiting_for") != null) ? Gate.valueOf(rs.getString("waiting_for")) : null,
				rs.getString("approved_by"));
	}

	private static ClusterRow clusterRow(ResultSet rs, int row) throws SQLException {
		ClusterRef cluster = new ClusterRef(rs.getString("context"), rs.getString("namespace"), rs.getString("name"),
				rs.getString("from_version"));
		return new ClusterRow(rs.getString("stage"), rs.getString("group_name"), rs.getInt("wave"), cluster);
	}

	private static ReleaseState state(String name) {
		return (name != null) ? ReleaseState.valueOf(name) : null;
	}

	private static String quoted(Set<ReleaseState> states) {
		return states.stream().map((state) -> "'" + state.name() + "'").collect(Collectors.joining(", "));
	}

	private static String truncate(String text, int length) {
		return (text != null && text.length() > length) ? text.substring(0, length) : text;
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * A stage's failure budget accounting and bake.
	 */
	record StageRecord(String name, int clusters, int failed, int acceptedFailures, Instant bakeUntil) {

		boolean overBudget(Stage stage) {
			return this.failed - this.acceptedFailures > stage.failureBudget().allowedFailures(this.clusters);
		}

	}

}
