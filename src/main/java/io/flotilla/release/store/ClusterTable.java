package io.flotilla.release.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.flotilla.control.ClusterState;
import io.flotilla.control.ClusterTransitions;
import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Outcome;
import io.flotilla.fleet.UpgradeResult;
import io.flotilla.release.ClusterFailure;
import io.flotilla.release.ClusterPage;
import io.flotilla.release.ClusterPage.Query;
import io.flotilla.release.PlannedCluster;
import io.flotilla.release.ReleaseViews;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.flotilla.release.store.Columns.timestamp;

/**
 * The {@code flotilla_cluster} table: one row per cluster of a release, whose state is
 * the release's position: a wave's outcomes commit with its chunk, and a restart reads on
 * from the rows still pending. A cluster's state changes only through
 * {@link ClusterTransitions}. Every method joins the caller's transaction.
 */
@Repository
public class ClusterTable {

	private static final int BATCH_SIZE = 1000;

	private static final String PENDING = ClusterState.PENDING.name();

	/**
	 * A state's place among {@link ClusterState}'s constants, so that a sort by state
	 * runs from pending to failed rather than alphabetically.
	 */
	private static final String STATE_ORDER = IntStream.range(0, ClusterState.values().length)
		.mapToObj((i) -> "WHEN '" + ClusterState.values()[i].name() + "' THEN " + i)
		.collect(Collectors.joining(" ", "CASE c.state ", " END"));

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final Clock clock;

	ClusterTable(JdbcClient jdbc, JdbcTemplate jdbcTemplate, Clock clock) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.clock = clock;
	}

	public void insert(ReleaseRecord release, List<PlannedCluster> clusters) {
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

	/**
	 * The pending clusters of a group's lowest pending wave; empty when the group is
	 * done.
	 */
	public List<PlannedCluster> nextWave(String releaseId, String stage, String group) {
		return waveAfter(releaseId, stage, group, 0);
	}

	/**
	 * The pending clusters of the group's first wave after the given one: those a wave
	 * may start ahead.
	 */
	public List<PlannedCluster> waveAfter(String releaseId, String stage, String group, int wave) {
		return this.jdbc
			.sql("""
					SELECT * FROM flotilla_cluster WHERE release_id = ? AND stage = ? AND group_name = ? AND state = ?
					AND wave = (SELECT min(wave) FROM flotilla_cluster WHERE release_id = ? AND stage = ? AND group_name = ? AND state = ? AND wave > ?)
					ORDER BY context, namespace, name""")
			.params(releaseId, stage, group, PENDING, releaseId, stage, group, PENDING, wave)
			.query(ClusterTable::plannedCluster)
			.list();
	}

	/**
	 * Records a pending cluster's outcome, and the version it was found at when that is
	 * news: a cluster upgraded without a patch of this call was patched by an earlier
	 * execution that died before its wave committed, so the version found now is already
	 * the target and the recorded from-version is kept.
	 * @return whether it was recorded; false when the cluster has an outcome already
	 */
	public boolean recordOutcome(String releaseId, ClusterRef cluster, UpgradeResult result) {
		return recordOutcome(releaseId, cluster, result, null);
	}

	/**
	 * Records a pending cluster's outcome as
	 * {@link #recordOutcome(String, ClusterRef, UpgradeResult)} does, and when its
	 * upgrade began.
	 * @param startedAt when this execution began the cluster's upgrade; null when not
	 * known, which keeps what was recorded
	 */
	public boolean recordOutcome(String releaseId, ClusterRef cluster, UpgradeResult result, Instant startedAt) {
		ClusterState outcome = ClusterState.valueOf(result.outcome().name());
		ClusterTransitions.check(cluster.key(), Set.of(ClusterState.PENDING), outcome);
		boolean awaitedEarlierPatch = result.outcome() == Outcome.UPGRADED && !result.patched();
		String fromVersion = awaitedEarlierPatch ? null : result.fromVersion();
		return this.jdbc
			.sql("""
					UPDATE flotilla_cluster SET state = ?, reason = ?, from_version = coalesce(?, from_version), updated_at = ?,
					patched_at = coalesce(?, patched_at), checked_at = NULL
					WHERE release_id = ? AND context = ? AND namespace = ? AND name = ? AND state = ?""")
			.params(outcome.name(), result.reason(), fromVersion, timestamp(this.clock.instant()),
					(startedAt != null) ? timestamp(startedAt) : null, releaseId, cluster.context(),
					cluster.namespace(), cluster.name(), PENDING)
			.update() == 1;
	}

	/**
	 * The clusters the release upgraded that its checks still watch, in stage order.
	 */
	public List<Watched> watched(String releaseId) {
		return this.jdbc
			.sql("""
					SELECT c.* FROM flotilla_cluster c JOIN flotilla_stage s ON s.release_id = c.release_id AND s.name = c.stage
					WHERE c.release_id = ? AND c.state = ? ORDER BY s.position, c.context, c.namespace, c.name""")
			.params(releaseId, ClusterState.UPGRADED.name())
			.query((rs, row) -> new Watched(rs.getString("stage"),
					new ClusterRef(rs.getString("context"), rs.getString("namespace"), rs.getString("name"),
							rs.getString("target_version")),
					Columns.instant(rs.getTimestamp("updated_at")), Columns.instant(rs.getTimestamp("patched_at")),
					Columns.instant(rs.getTimestamp("checked_at"))))
			.list();
	}

	/**
	 * Up to {@code limit} clusters of the release not upgraded yet, for a check that
	 * compares an upgraded cluster with the rest (canary against control).
	 */
	public List<ClusterRef> controls(String releaseId, int limit) {
		return this.jdbc.sql("""
				SELECT context, namespace, name, from_version FROM flotilla_cluster WHERE release_id = ? AND state = ?
				ORDER BY context, namespace, name LIMIT ?""")
			.params(releaseId, PENDING, limit)
			.query((rs, row) -> new ClusterRef(rs.getString("context"), rs.getString("namespace"), rs.getString("name"),
					rs.getString("from_version")))
			.list();
	}

	/**
	 * Records that upgraded clusters passed all their checks at an instant; a cluster
	 * judged in between keeps its verdict.
	 */
	public void checked(String releaseId, List<ClusterRef> passed, Instant at) {
		this.jdbcTemplate.batchUpdate("""
				UPDATE flotilla_cluster SET checked_at = ?
				WHERE release_id = ? AND context = ? AND namespace = ? AND name = ? AND state = ?""", passed,
				BATCH_SIZE, (statement, cluster) -> {
					statement.setTimestamp(1, timestamp(at));
					statement.setString(2, releaseId);
					statement.setString(3, cluster.context());
					statement.setString(4, cluster.namespace());
					statement.setString(5, cluster.name());
					statement.setString(6, ClusterState.UPGRADED.name());
				});
	}

	/**
	 * Records an upgraded cluster's failed check: unhealthy, or failed when the check
	 * fails the cluster, with the check's words as the reason.
	 * @return whether it was recorded; false when the cluster is no longer upgraded
	 */
	public boolean judge(String releaseId, ClusterRef cluster, ClusterState verdict, String reason) {
		ClusterTransitions.check(cluster.key(), Set.of(ClusterState.UPGRADED), verdict);
		return this.jdbc.sql("""
				UPDATE flotilla_cluster SET state = ?, reason = ?, updated_at = ?
				WHERE release_id = ? AND context = ? AND namespace = ? AND name = ? AND state = ?""")
			.params(verdict.name(), reason, timestamp(this.clock.instant()), releaseId, cluster.context(),
					cluster.namespace(), cluster.name(), ClusterState.UPGRADED.name())
			.update() == 1;
	}

	/**
	 * Puts the release's unhealthy clusters back to upgraded, for their checks to judge
	 * them again from now on, their soak included.
	 * @return how many clusters will be checked again
	 */
	public int recheckUnhealthy(String releaseId) {
		ClusterTransitions.check(releaseId, Set.of(ClusterState.UNHEALTHY), ClusterState.UPGRADED);
		return this.jdbc.sql("""
				UPDATE flotilla_cluster SET state = ?, reason = NULL, checked_at = NULL, updated_at = ?
				WHERE release_id = ? AND state = ?""")
			.params(ClusterState.UPGRADED.name(), timestamp(this.clock.instant()), releaseId,
					ClusterState.UNHEALTHY.name())
			.update();
	}

	/**
	 * How far a stage's soak has come: the upgraded clusters not yet seen passing their
	 * checks after their soak, and when the last of them ends its soak.
	 */
	public Soak soak(String releaseId, String stage, Duration soak) {
		return this.jdbc
			.sql("""
					SELECT count(*) FILTER (WHERE checked_at IS NULL OR checked_at < updated_at + ? * interval '1 millisecond') AS unsoaked,
					max(updated_at) + ? * interval '1 millisecond' AS ends
					FROM flotilla_cluster WHERE release_id = ? AND stage = ? AND state = ?""")
			.params(soak.toMillis(), soak.toMillis(), releaseId, stage, ClusterState.UPGRADED.name())
			.query((rs, row) -> new Soak(rs.getInt("unsoaked"), Columns.instant(rs.getTimestamp("ends"))))
			.single();
	}

	/**
	 * An upgraded cluster its checks watch.
	 *
	 * @param stage its stage
	 * @param cluster the cluster, with the version it was upgraded to
	 * @param upgradedAt when its upgrade was recorded: its soak starts then
	 * @param patchedAt when its upgrade began, or null when not known
	 * @param checkedAt when it last passed all its checks, or null before that
	 */
	public record Watched(String stage, ClusterRef cluster, Instant upgradedAt, Instant patchedAt, Instant checkedAt) {

		/**
		 * Since when its pods and logs count: its patch, else its upgrade's record.
		 */
		public Instant since() {
			return (this.patchedAt != null) ? this.patchedAt : this.upgradedAt;
		}

	}

	/**
	 * @param unsoaked upgraded clusters not yet seen passing their checks after their
	 * soak
	 * @param ends when the stage's last upgraded cluster ends its soak; null when none
	 * was upgraded
	 */
	public record Soak(int unsoaked, Instant ends) {
	}

	/**
	 * Puts the failed clusters of a stage back to pending.
	 * @return how many clusters will be tried again
	 */
	public int resetFailures(String releaseId, String stage) {
		ClusterTransitions.check(releaseId + "/" + stage, Set.of(ClusterState.FAILED), ClusterState.PENDING);
		return this.jdbc.sql("""
				UPDATE flotilla_cluster SET state = ?, reason = NULL, updated_at = ?
				WHERE release_id = ? AND stage = ? AND state = ?""")
			.params(PENDING, timestamp(this.clock.instant()), releaseId, stage, ClusterState.FAILED.name())
			.update();
	}

	public List<ClusterFailure> failures(String releaseId) {
		return this.jdbc.sql("""
				SELECT stage, context, namespace, name, reason FROM flotilla_cluster
				WHERE release_id = ? AND state = ? ORDER BY stage, context, namespace, name""")
			.params(releaseId, ClusterState.FAILED.name())
			.query((rs, row) -> new ClusterFailure(rs.getString("stage"),
					rs.getString("context") + "/" + rs.getString("namespace") + "/" + rs.getString("name"),
					rs.getString("reason")))
			.list();
	}

	/**
	 * One page of a release's clusters and how many match in all. The release's rows are
	 * found through the primary key's release prefix; the page is sorted in the database
	 * and only its rows leave it.
	 */
	public ClusterPage page(String releaseId, Query query) {
		List<Object> params = new ArrayList<>();
		String where = where(releaseId, query, params);
		long total = this.jdbc.sql("SELECT count(*) FROM flotilla_cluster c " + where)
			.params(params)
			.query(Long.class)
			.single();
		List<Object> pageParams = new ArrayList<>(params);
		pageParams.add(query.size());
		pageParams.add(query.offset());
		List<ClusterPage.Row> items = this.jdbc
			.sql("SELECT c.* FROM flotilla_cluster c "
					+ "LEFT JOIN flotilla_stage s ON s.release_id = c.release_id AND s.name = c.stage " + where
					+ " ORDER BY " + order(query) + " LIMIT ? OFFSET ?")
			.params(pageParams)
			.query(ClusterTable::row)
			.list();
		return new ClusterPage(items, query.page(), query.size(), total);
	}

	/**
	 * Each group's clusters by state, stages in plan order and groups by name; nothing in
	 * flight, which only the server running the release knows.
	 */
	public List<ReleaseViews.GroupProgress> groups(String releaseId) {
		return this.jdbc.sql("""
				SELECT c.stage, c.group_name, count(*) AS clusters,
				count(*) FILTER (WHERE c.state = ?) AS pending,
				count(*) FILTER (WHERE c.state = ?) AS upgraded,
				count(*) FILTER (WHERE c.state = ?) AS already_current,
				count(*) FILTER (WHERE c.state = ANY (?)) AS skipped,
				count(*) FILTER (WHERE c.state = ?) AS failed
				FROM flotilla_cluster c JOIN flotilla_stage s ON s.release_id = c.release_id AND s.name = c.stage
				WHERE c.release_id = ? GROUP BY s.position, c.stage, c.group_name ORDER BY s.position, c.group_name""")
			.params(ClusterState.PENDING.name(), ClusterState.UPGRADED.name(), ClusterState.ALREADY_CURRENT.name(),
					new String[] { ClusterState.SKIPPED_NEWER.name(), ClusterState.SKIPPED_CLAIMED.name() },
					ClusterState.FAILED.name(), releaseId)
			.query((rs, row) -> new ReleaseViews.GroupProgress(rs.getString("stage"), rs.getString("group_name"),
					rs.getInt("clusters"), rs.getInt("pending"), rs.getInt("upgraded"), rs.getInt("already_current"),
					rs.getInt("skipped"), rs.getInt("failed"), 0))
			.list();
	}

	/**
	 * Every wave that has outcomes, in the order its last outcome was recorded. Wave 0,
	 * the clusters already at the target at the start, is left out: no wave ran it.
	 */
	public List<ReleaseViews.WaveOutcome> waves(String releaseId) {
		return this.jdbc.sql("""
				SELECT stage, group_name, wave, count(*) AS clusters,
				count(*) FILTER (WHERE state = ?) AS upgraded,
				count(*) FILTER (WHERE state = ?) AS failed,
				max(updated_at) AS committed_at
				FROM flotilla_cluster WHERE release_id = ? AND wave > 0 AND state <> ?
				GROUP BY stage, group_name, wave ORDER BY committed_at, stage, group_name, wave""")
			.params(ClusterState.UPGRADED.name(), ClusterState.FAILED.name(), releaseId, ClusterState.PENDING.name())
			.query((rs, row) -> {
				int clusters = rs.getInt("clusters");
				int upgraded = rs.getInt("upgraded");
				int failed = rs.getInt("failed");
				return new ReleaseViews.WaveOutcome(rs.getString("stage"), rs.getString("group_name"),
						rs.getInt("wave"), clusters, upgraded, failed, clusters - upgraded - failed,
						Columns.instant(rs.getTimestamp("committed_at")));
			})
			.list();
	}

	/**
	 * One cluster of the release, as recorded.
	 */
	public Optional<ClusterPage.Row> find(String releaseId, String context, String namespace, String name) {
		return this.jdbc
			.sql("SELECT * FROM flotilla_cluster WHERE release_id = ? AND context = ? AND namespace = ? AND name = ?")
			.params(releaseId, context, namespace, name)
			.query(ClusterTable::row)
			.optional();
	}

	private static String where(String releaseId, Query query, List<Object> params) {
		StringBuilder where = new StringBuilder("WHERE c.release_id = ?");
		params.add(releaseId);
		if (query.state() != null) {
			where.append(" AND c.state = ?");
			params.add(query.state().name());
		}
		if (query.stage() != null) {
			where.append(" AND c.stage = ?");
			params.add(query.stage());
		}
		if (query.group() != null) {
			where.append(" AND c.group_name = ?");
			params.add(query.group());
		}
		if (query.text() != null) {
			where.append(" AND (c.context ILIKE ? ESCAPE '\\' OR c.namespace ILIKE ? ESCAPE '\\'"
					+ " OR c.name ILIKE ? ESCAPE '\\')");
			String pattern = "%" + Columns.likeLiteral(query.text()) + "%";
			params.addAll(List.of(pattern, pattern, pattern));
		}
		return where.toString();
	}

	/**
	 * The sort key in the query's direction, then stage order, so that rows with equal
	 * keys keep one order from page to page. Only fixed SQL is put together here.
	 */
	private static String order(Query query) {
		String direction = query.descending() ? " DESC" : "";
		String stageOrder = "s.position, c.context, c.namespace, c.name";
		return switch (query.sort()) {
			case STAGE -> "s.position" + direction + ", c.context, c.namespace, c.name";
			case NAME -> "c.context" + direction + ", c.namespace" + direction + ", c.name" + direction;
			case STATE -> STATE_ORDER + direction + ", " + stageOrder;
			case WAVE -> "c.wave" + direction + ", " + stageOrder;
			case UPDATED -> "c.updated_at" + direction + ", " + stageOrder;
		};
	}

	private static ClusterPage.Row row(ResultSet rs, int row) throws SQLException {
		return new ClusterPage.Row(rs.getString("context"), rs.getString("namespace"), rs.getString("name"),
				rs.getString("stage"), rs.getString("group_name"), rs.getInt("wave"),
				ClusterState.valueOf(rs.getString("state")), rs.getString("from_version"),
				rs.getString("target_version"), rs.getString("reason"), Columns.instant(rs.getTimestamp("updated_at")));
	}

	private static PlannedCluster plannedCluster(ResultSet rs, int row) throws SQLException {
		ClusterRef cluster = new ClusterRef(rs.getString("context"), rs.getString("namespace"), rs.getString("name"),
				rs.getString("from_version"));
		return new PlannedCluster(rs.getString("stage"), rs.getString("group_name"), rs.getInt("wave"), cluster,
				Columns.instant(rs.getTimestamp("updated_at")));
	}

}
