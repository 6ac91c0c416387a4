package io.flotilla.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads Flotilla's own tables the way an operator with {@code psql} would, so tests check
 * what was committed rather than what a service chooses to report.
 */
public final class ReleaseTables {

	private final JdbcClient jdbc;

	public ReleaseTables(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public List<ClusterRow> clusters(String releaseId) {
		return this.jdbc.sql("""
				SELECT stage, group_name, wave, context, namespace, name, from_version, state, reason, updated_at
				FROM flotilla_cluster WHERE release_id = ? ORDER BY stage, group_name, context, namespace, name""")
			.param(releaseId)
			.query((rs, row) -> new ClusterRow(rs.getString("stage"), rs.getString("group_name"), rs.getInt("wave"),
					rs.getString("context"), rs.getString("namespace"), rs.getString("name"),
					rs.getString("from_version"), ClusterState.valueOf(rs.getString("state")), rs.getString("reason"),
					rs.getTimestamp("updated_at").toInstant()))
			.list();
	}

	public List<ClusterRow> clusters(String releaseId, String stage) {
		return clusters(releaseId).stream().filter((cluster) -> cluster.stage().equals(stage)).toList();
	}

	public Instant bakeUntil(String releaseId, String stage) {
		Timestamp until = this.jdbc.sql("SELECT bake_until FROM flotilla_stage WHERE release_id = ? AND name = ?")
			.params(releaseId, stage)
			.query(Timestamp.class)
			.single();
		return (until != null) ? until.toInstant() : null;
	}

	/**
	 * The release's state as its row has it, or null before the release exists.
	 */
	public ReleaseState state(String releaseId) {
		return this.jdbc.sql("SELECT state FROM flotilla_release WHERE id = ?")
			.param(releaseId)
			.query(String.class)
			.optional()
			.map(ReleaseState::valueOf)
			.orElse(null);
	}

	public String planText(String releaseId) {
		return this.jdbc.sql("SELECT plan_text FROM flotilla_release WHERE id = ?")
			.param(releaseId)
			.query(String.class)
			.single();
	}

	public int releaseCount() {
		return this.jdbc.sql("SELECT count(*) FROM flotilla_release").query(Integer.class).single();
	}

	public int jobExecutionCount() {
		return this.jdbc.sql("SELECT count(*) FROM batch_job_execution").query(Integer.class).single();
	}

	/**
	 * One row of {@code flotilla_cluster}.
	 */
	public record ClusterRow(String stage, String group, int wave, String context, String namespace, String name,
			String fromVersion, ClusterState state, String reason, Instant updatedAt) {

		public String key() {
			return this.context + "/" + this.namespace + "/" + this.name;
		}

	}

}
