package io.flotilla.release.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.flotilla.control.Gate;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.ReleaseTransitions;
import io.flotilla.release.ReleaseViews;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.flotilla.release.store.Columns.instant;
import static io.flotilla.release.store.Columns.names;
import static io.flotilla.release.store.Columns.timestamp;

/**
 * The {@code flotilla_release} table: one row per release, with the plan text it started
 * with, its state and the gate it waits at. Its state changes only through
 * {@link #changeState} and {@link #awaitApproval}, which check {@link ReleaseTransitions}
 * first. Every method joins the caller's transaction.
 */
@Repository
public class ReleaseTable {

	/**
	 * {@code state_reason}'s size. A reason is built from parts a caller sends
	 * ("cancelled by {by}: {reason}") or the job finds, each within its own limit, so the
	 * whole is cut to fit; the audit log keeps the signal's own reason whole.
	 */
	private static final int REASON_LENGTH = 2000;

	private final JdbcClient jdbc;

	private final Clock clock;

	ReleaseTable(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public boolean exists(String id) {
		return this.jdbc.sql("SELECT count(*) FROM flotilla_release WHERE id = ?")
			.param(id)
			.query(Integer.class)
			.single() > 0;
	}

	public void insert(ReleaseRecord release) {
		this.jdbc
			.sql("""
					INSERT INTO flotilla_release (id, plan_name, plan_file, plan_text, target_version, state, started_by, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(release.id(), release.planName(), release.planFile(), release.planText(), release.targetVersion(),
					release.state().name(), release.startedBy(), timestamp(release.createdAt()),
					timestamp(release.createdAt()))
			.update();
	}

	public Optional<ReleaseRecord> find(String id) {
		return this.jdbc.sql("SELECT * FROM flotilla_release WHERE id = ?")
			.param(id)
			.query(ReleaseTable::release)
			.optional();
	}

	public List<ReleaseRecord> findAll() {
		return findAll(Set.of(), null);
	}

	/**
	 * The releases in any of the states (every state when empty) and of the plan (every
	 * plan when null), newest first.
	 */
	public List<ReleaseRecord> findAll(Set<ReleaseState> states, String plan) {
		String[] stateNames = names(states);
		return this.jdbc.sql("""
				SELECT * FROM flotilla_release
				WHERE (cardinality(?::text[]) = 0 OR state = ANY (?)) AND (?::text IS NULL OR plan_name = ?)
				ORDER BY created_at DESC""")
			.params(stateNames, stateNames, plan, plan)
			.query(ReleaseTable::release)
			.list();
	}

	/**
	 * One page of the releases the query matches: those awaiting a signal first, then the
	 * active ones, then those waiting for a timer, then the ended ones, newest first
	 * within each.
	 */
	public ReleaseRows page(ReleaseViews.ListQuery query) {
		List<Object> params = new ArrayList<>();
		String where = where(query, params);
		long total = this.jdbc.sql("SELECT count(*) FROM flotilla_release " + where)
			.params(params)
			.query(Long.class)
			.single();
		List<Object> pageParams = new ArrayList<>(params);
		pageParams.addAll(List.of(names(ReleaseState.AWAITING_SIGNAL), names(ReleaseState.ACTIVE),
				names(ReleaseState.WAITING), query.size(), query.offset()));
		List<ReleaseRecord> items = this.jdbc
			.sql("SELECT * FROM flotilla_release " + where + " ORDER BY CASE WHEN state = ANY (?) THEN 0"
					+ " WHEN state = ANY (?) THEN 1 WHEN state = ANY (?) THEN 2 ELSE 3 END, created_at DESC, id"
					+ " LIMIT ? OFFSET ?")
			.params(pageParams)
			.query(ReleaseTable::release)
			.list();
		return new ReleaseRows(items, total);
	}

	/**
	 * How many releases there are in each state; states with none are left out.
	 */
	public Map<ReleaseState, Long> countByState() {
		Map<ReleaseState, Long> counts = new EnumMap<>(ReleaseState.class);
		this.jdbc.sql("SELECT state, count(*) AS releases FROM flotilla_release GROUP BY state").query((rs) -> {
			counts.put(ReleaseState.valueOf(rs.getString("state")), rs.getLong("releases"));
		});
		return counts;
	}

	private static String where(ReleaseViews.ListQuery query, List<Object> params) {
		StringBuilder where = new StringBuilder("WHERE true");
		if (!query.states().isEmpty()) {
			where.append(" AND state = ANY (?)");
			params.add(names(query.states()));
		}
		if (query.plan() != null) {
			where.append(" AND plan_name = ?");
			params.add(query.plan());
		}
		if (query.text() != null) {
			where.append(" AND (id ILIKE ? ESCAPE '\\' OR plan_name ILIKE ? ESCAPE '\\'"
					+ " OR target_version ILIKE ? ESCAPE '\\' OR started_by ILIKE ? ESCAPE '\\')");
			String pattern = "%" + Columns.likeLiteral(query.text()) + "%";
			params.addAll(List.of(pattern, pattern, pattern, pattern));
		}
		return where.toString();
	}

	/**
	 * The releases not in a terminal state, oldest first.
	 */
	public List<String> findUnfinished() {
		return this.jdbc.sql("SELECT id FROM flotilla_release WHERE NOT (state = ANY (?)) ORDER BY created_at")
			.param(names(ReleaseState.TERMINAL))
			.query(String.class)
			.list();
	}

	/**
	 * The release, with its row locked until the transaction ends: signals are applied
	 * one at a time.
	 */
	public Optional<ReleaseRecord> lock(String id) {
		return this.jdbc.sql("SELECT * FROM flotilla_release WHERE id = ? FOR UPDATE")
			.param(id)
			.query(ReleaseTable::release)
			.optional();
	}

	/**
	 * Moves a release to a state if it is still in one of the expected states: a
	 * compare-and-set, so that the job and an engineer's signal never overwrite each
	 * other's decision. A release that ends lets its {@link ClaimTable claims} go in the
	 * same statement, so no crash can leave an ended release holding clusters.
	 * @return whether the release was moved; false when another change came first
	 * @throws io.flotilla.control.IllegalTransitionException when a change from one of
	 * the expected states is not in {@link ReleaseTransitions}
	 */
	public boolean changeState(String id, Set<ReleaseState> expected, ReleaseState state, String reason) {
		ReleaseTransitions.check(id, expected, state);
		String update = "UPDATE flotilla_release SET state = ?, state_reason = ?, updated_at = ? WHERE id = ? AND state = ANY (?)";
		Object[] params = { state.name(), fitted(reason), timestamp(this.clock.instant()), id, names(expected) };
		if (!state.isTerminal()) {
			return this.jdbc.sql(update).params(params).update() == 1;
		}
		return this.jdbc.sql("WITH ended AS (" + update + " RETURNING id), "
				+ "freed AS (DELETE FROM flotilla_claim WHERE holder_type = 'release' AND holder_id IN (SELECT id FROM ended)) "
				+ "SELECT count(*) FROM ended")
			.params(params)
			.query(Integer.class)
			.single() == 1;
	}

	/**
	 * Whether the job may start another cluster: any state but an advancing one means
	 * someone or something asked it to stop.
	 */
	public boolean mayStartClusters(String id) {
		return this.jdbc.sql("SELECT state FROM flotilla_release WHERE id = ?")
			.param(id)
			.query((rs, row) -> ReleaseState.valueOf(rs.getString(1)))
			.optional()
			.map(ReleaseState::isAdvancing)
			.orElse(false);
	}

	/**
	 * Marks a release an admin started through a freeze, in its start transaction.
	 */
	public void markBreakGlass(String id) {
		this.jdbc.sql("UPDATE flotilla_release SET break_glass = true WHERE id = ?").param(id).update();
	}

	/**
	 * Whether freezes do not hold the release: an admin started it with break-glass.
	 */
	public boolean isBreakGlass(String id) {
		return this.jdbc.sql("SELECT break_glass FROM flotilla_release WHERE id = ?")
			.param(id)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/**
	 * Records the stage the release is in: the one a reset retries.
	 */
	public void enterStage(String id, String stage) {
		this.jdbc.sql("UPDATE flotilla_release SET current_stage = ? WHERE id = ?").params(stage, id).update();
	}

	/**
	 * Stops the release at a gate, if it is still advancing.
	 * @return whether it was advancing and now waits
	 */
	public boolean awaitApproval(String id, Gate gate, String stage, String reason) {
		ReleaseTransitions.check(id, ReleaseState.ADVANCING, ReleaseState.AWAITING_APPROVAL);
		return this.jdbc
			.sql("""
					UPDATE flotilla_release SET state = ?, waiting_for = ?, current_stage = ?, state_reason = ?, updated_at = ?
					WHERE id = ? AND state = ANY (?)""")
			.params(ReleaseState.AWAITING_APPROVAL.name(), gate.name(), stage, fitted(reason),
					timestamp(this.clock.instant()), id, names(ReleaseState.ADVANCING))
			.update() == 1;
	}

	/**
	 * Passes the gate the release waits at, recording who passed it.
	 */
	public void approve(ReleaseRecord release, String by) {
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

	/**
	 * Whether someone passed the gate.
	 * @param stage the stage a stage or first-wave gate stands before
	 */
	public boolean approved(String id, Gate gate, String stage) {
		String sql = switch (gate) {
			case RELEASE -> "SELECT approved_by IS NOT NULL FROM flotilla_release WHERE id = ? AND ? IS NOT NULL";
			case STAGE -> "SELECT approved_by IS NOT NULL FROM flotilla_stage WHERE release_id = ? AND name = ?";
			case FIRST_WAVE ->
				"SELECT first_wave_approved_by IS NOT NULL FROM flotilla_stage WHERE release_id = ? AND name = ?";
		};
		return this.jdbc.sql(sql).params(id, String.valueOf(stage)).query(Boolean.class).single();
	}

	private static String fitted(String reason) {
		if (reason == null || reason.codePointCount(0, reason.length()) <= REASON_LENGTH) {
			return reason;
		}
		return reason.substring(0, reason.offsetByCodePoints(0, REASON_LENGTH - 1)) + "…";
	}

	private static ReleaseRecord release(ResultSet rs, int row) throws SQLException {
		return new ReleaseRecord(rs.getString("id"), rs.getString("plan_name"), rs.getString("plan_file"),
				rs.getString("plan_text"), rs.getString("target_version"), ReleaseState.valueOf(rs.getString("state")),
				rs.getString("state_reason"), rs.getString("started_by"), instant(rs.getTimestamp("created_at")),
				instant(rs.getTimestamp("updated_at")), rs.getString("current_stage"),
				(rs.getString("waiting_for") != null) ? Gate.valueOf(rs.getString("waiting_for")) : null,
				rs.getString("approved_by"));
	}

}
