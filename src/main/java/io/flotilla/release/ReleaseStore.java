package io.flotilla.release;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.flotilla.control.ReleaseState;
import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Outcome;
import io.flotilla.fleet.UpgradeResult;
import io.flotilla.plan.Stage;

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
		return this.jdbc.sql("SELECT id FROM flotilla_release WHERE state <> 'COMPLETED' ORDER BY created_at")
			.query(String.class)
			.list();
	}

	void updateState(String id, ReleaseState state, String reason) {
		this.jdbc.sql("UPDATE flotilla_release SET state = ?, state_reason = ?, updated_at = ? WHERE id = ?")
			.params(state.name(), reason, timestamp(this.clock.instant()), id)
			.update();
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
	void acceptFailures(String releaseId) {
		this.jdbc
			.sql("""
					UPDATE flotilla_stage s SET accepted_failures = (SELECT count(*) FROM flotilla_cluster c
					WHERE c.release_id = s.release_id AND c.stage = s.name AND c.state = 'FAILED') WHERE s.release_id = ?""")
			.param(releaseId)
			.update();
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
				instant(rs.getTimestamp("updated_at")));
	}

	private static ClusterRow clusterRow(ResultSet rs, int row) throws SQLException {
		ClusterRef cluster = new ClusterRef(rs.getString("context"), rs.getString("namespace"), rs.getString("name"),
				rs.getString("from_version"));
		return new ClusterRow(rs.getString("stage"), rs.getString("group_name"), rs.getInt("wave"), cluster);
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
