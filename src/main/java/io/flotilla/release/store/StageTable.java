package io.flotilla.release.store;

import java.time.Instant;
import java.util.List;

import io.flotilla.control.ClusterState;
import io.flotilla.plan.Stage;
import io.flotilla.release.FleetSnapshot;
import io.flotilla.release.StageProgress;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.flotilla.release.store.Columns.instant;
import static io.flotilla.release.store.Columns.timestamp;

/**
 * The {@code flotilla_stage} table: per stage of a release, its place in the plan, the
 * failures a continue accepted and when its bake ends. Every method joins the caller's
 * transaction.
 */
@Repository
public class StageTable {

	private final JdbcClient jdbc;

	StageTable(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(String releaseId, FleetSnapshot snapshot) {
		List<Stage> stages = snapshot.plan().stages();
		for (int position = 0; position < stages.size(); position++) {
			String stage = stages.get(position).name();
			this.jdbc.sql("INSERT INTO flotilla_stage (release_id, position, name, clusters) VALUES (?, ?, ?, ?)")
				.params(releaseId, position, stage, snapshot.inStage(stage).size())
				.update();
		}
	}

	public StageRecord stage(String releaseId, String stage) {
		return this.jdbc
			.sql("""
					SELECT s.clusters, s.accepted_failures, s.bake_until,
					(SELECT count(*) FROM flotilla_cluster c WHERE c.release_id = s.release_id AND c.stage = s.name AND c.state = ?) AS failed
					FROM flotilla_stage s WHERE s.release_id = ? AND s.name = ?""")
			.params(ClusterState.FAILED.name(), releaseId, stage)
			.query((rs, row) -> new StageRecord(stage, rs.getInt("clusters"), rs.getInt("failed"),
					rs.getInt("accepted_failures"), instant(rs.getTimestamp("bake_until"))))
			.single();
	}

	public void startBake(String releaseId, String stage, Instant until) {
		this.jdbc.sql("UPDATE flotilla_stage SET bake_until = ? WHERE release_id = ? AND name = ?")
			.params(timestamp(until), releaseId, stage)
			.update();
	}

	/**
	 * Accepts every failure recorded so far in the stage, so a release goes on past a
	 * breached budget.
	 */
	public void acceptFailures(String releaseId, String stage) {
		this.jdbc.sql("""
				UPDATE flotilla_stage s SET accepted_failures = (SELECT count(*) FROM flotilla_cluster c
				WHERE c.release_id = s.release_id AND c.stage = s.name AND c.state = ?)
				WHERE s.release_id = ? AND s.name = ?""").params(ClusterState.FAILED.name(), releaseId, stage).update();
	}

	/**
	 * Forgets the failures a continue had accepted: a reset retries them.
	 */
	public void forgetAcceptedFailures(String releaseId, String stage) {
		this.jdbc.sql("UPDATE flotilla_stage SET accepted_failures = 0 WHERE release_id = ? AND name = ?")
			.params(releaseId, stage)
			.update();
	}

	/**
	 * Each stage's counts by cluster state, in plan order, without the failed clusters'
	 * reasons.
	 */
	public List<StageProgress> progress(String releaseId) {
		return this.jdbc.sql("""
				SELECT s.name, s.clusters, s.bake_until,
				count(c.name) FILTER (WHERE c.state = ?) AS pending,
				count(c.name) FILTER (WHERE c.state = ?) AS upgraded,
				count(c.name) FILTER (WHERE c.state = ?) AS already_current,
				count(c.name) FILTER (WHERE c.state = ?) AS skipped_newer,
				count(c.name) FILTER (WHERE c.state = ?) AS skipped_claimed,
				count(c.name) FILTER (WHERE c.state = ?) AS failed,
				count(c.name) FILTER (WHERE c.state = ?) AS unhealthy,
				count(c.name) FILTER (WHERE c.state = ?) AS skipped_unhealthy,
				coalesce(max(c.wave), 0) AS waves,
				min(c.wave) FILTER (WHERE c.state = ?) AS current_wave
				FROM flotilla_stage s LEFT JOIN flotilla_cluster c ON c.release_id = s.release_id AND c.stage = s.name
				WHERE s.release_id = ? GROUP BY s.name, s.clusters, s.bake_until, s.position ORDER BY s.position""")
			.params(ClusterState.PENDING.name(), ClusterState.UPGRADED.name(), ClusterState.ALREADY_CURRENT.name(),
					ClusterState.SKIPPED_NEWER.name(), ClusterState.SKIPPED_CLAIMED.name(), ClusterState.FAILED.name(),
					ClusterState.UNHEALTHY.name(), ClusterState.SKIPPED_UNHEALTHY.name(), ClusterState.PENDING.name(),
					releaseId)
			.query((rs, row) -> new StageProgress(rs.getString("name"), rs.getInt("clusters"), rs.getInt("pending"),
					rs.getInt("upgraded"), rs.getInt("already_current"), rs.getInt("skipped_newer"),
					rs.getInt("skipped_claimed"), rs.getInt("failed"), rs.getInt("unhealthy"),
					rs.getInt("skipped_unhealthy"), 0, rs.getInt("waves"), (Integer) rs.getObject("current_wave"),
					instant(rs.getTimestamp("bake_until")), List.of()))
			.list();
	}

}
