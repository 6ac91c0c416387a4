package io.flotilla.release.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import io.flotilla.control.ClusterState;
import io.flotilla.control.ClusterTransitions;
import io.flotilla.release.Claim;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.flotilla.release.store.Columns.instant;
import static io.flotilla.release.store.Columns.timestamp;

/**
 * The {@code flotilla_claim} table: the clusters each active release holds. Its primary
 * key lets one holder have a cluster at a time; a release takes its clusters from its own
 * cluster rows, and {@link ReleaseTable#changeState} lets them go in the statement that
 * ends the release. Every method joins the caller's transaction.
 */
@Repository
public class ClaimTable {

	private static final String HELD_BY_OTHERS = """
			SELECT h.* FROM flotilla_cluster c JOIN flotilla_claim h
			ON h.context = c.context AND h.namespace = c.namespace AND h.kind = ? AND h.name = c.name
			WHERE c.release_id = ? AND NOT (h.holder_type = 'release' AND h.holder_id = c.release_id)""";

	private final JdbcClient jdbc;

	private final Clock clock;

	ClaimTable(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Takes every cluster of the release that nobody holds, in one statement: a cluster
	 * another transaction is taking at the same moment goes to whichever commits first.
	 * Clusters are taken in one order by every release, so two starting at once wait for
	 * each other instead of deadlocking.
	 * @return how many clusters were taken
	 */
	public int claimAll(String releaseId, String kind) {
		return this.jdbc.sql("""
				INSERT INTO flotilla_claim (context, namespace, kind, name, holder_type, holder_id, claimed_at)
				SELECT context, namespace, ?, name, 'release', release_id, ? FROM flotilla_cluster WHERE release_id = ?
				ORDER BY context, namespace, name ON CONFLICT DO NOTHING""")
			.params(kind, timestamp(this.clock.instant()), releaseId)
			.update();
	}

	/**
	 * Takes the pending clusters of a stage that their holders have let go.
	 */
	public void claimStage(String releaseId, String kind, String stage) {
		this.jdbc
			.sql("""
					INSERT INTO flotilla_claim (context, namespace, kind, name, holder_type, holder_id, claimed_at)
					SELECT context, namespace, ?, name, 'release', release_id, ? FROM flotilla_cluster
					WHERE release_id = ? AND stage = ? AND state = ? ORDER BY context, namespace, name ON CONFLICT DO NOTHING""")
			.params(kind, timestamp(this.clock.instant()), releaseId, stage, ClusterState.PENDING.name())
			.update();
	}

	/**
	 * The claims others hold on clusters of the release.
	 */
	public List<Claim> heldByOthers(String releaseId, String kind) {
		return this.jdbc.sql(HELD_BY_OTHERS + " ORDER BY h.holder_id, h.context, h.namespace, h.name")
			.params(kind, releaseId)
			.query(ClaimTable::claim)
			.list();
	}

	/**
	 * The claims others hold on pending clusters of a stage of the release.
	 */
	public List<Claim> heldByOthers(String releaseId, String kind, String stage) {
		return this.jdbc
			.sql(HELD_BY_OTHERS
					+ " AND c.stage = ? AND c.state = ? ORDER BY h.holder_id, h.context, h.namespace, h.name")
			.params(kind, releaseId, stage, ClusterState.PENDING.name())
			.query(ClaimTable::claim)
			.list();
	}

	/**
	 * Records the release's pending clusters that others hold as skipped, naming the
	 * holder.
	 * @return how many were skipped
	 */
	public int skipHeldByOthers(String releaseId, String kind) {
		ClusterTransitions.check(releaseId, Set.of(ClusterState.PENDING), ClusterState.SKIPPED_CLAIMED);
		return this.jdbc
			.sql("""
					UPDATE flotilla_cluster c SET state = ?, reason = 'held by ' || h.holder_type || ' ' || h.holder_id,
					updated_at = ? FROM flotilla_claim h
					WHERE h.context = c.context AND h.namespace = c.namespace AND h.kind = ? AND h.name = c.name
					AND c.release_id = ? AND c.state = ? AND NOT (h.holder_type = 'release' AND h.holder_id = c.release_id)""")
			.params(ClusterState.SKIPPED_CLAIMED.name(), timestamp(this.clock.instant()), kind, releaseId,
					ClusterState.PENDING.name())
			.update();
	}

	/**
	 * Every claim, or those of one release, by cluster.
	 * @param releaseId the release whose claims to list, or null for every claim
	 */
	public List<Claim> list(String releaseId) {
		return this.jdbc
			.sql("""
					SELECT * FROM flotilla_claim WHERE CAST(? AS VARCHAR) IS NULL OR (holder_type = 'release' AND holder_id = ?)
					ORDER BY context, namespace, name, kind""")
			.params(releaseId, releaseId)
			.query(ClaimTable::claim)
			.list();
	}

	private static Claim claim(ResultSet rs, int row) throws SQLException {
		return new Claim(rs.getString("context"), rs.getString("namespace"), rs.getString("kind"), rs.getString("name"),
				rs.getString("holder_type"), rs.getString("holder_id"), instant(rs.getTimestamp("claimed_at")));
	}

}
