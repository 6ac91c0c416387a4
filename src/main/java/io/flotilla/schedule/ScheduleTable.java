package io.flotilla.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The schedule tables: {@code flotilla_schedule}, its source's version and its fires.
 * Every method joins the caller's transaction.
 */
@Repository
class ScheduleTable {

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	ScheduleTable(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
	}

	/**
	 * Does the work holding the schedule's lock, which every server takes in turn: a cron
	 * fire on one server and a fire by hand on another decide one after the other, so
	 * that both never see no release active and start two. The lock is a PostgreSQL
	 * advisory lock of a connection of its own, since a fire starts a release in
	 * transactions of its own; it goes with the connection if the process dies.
	 */
	<T> T whileLocked(String schedule, Supplier<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			advisory(connection, "SELECT pg_advisory_lock(hashtext(?))", schedule);
			try {
				return work.get();
			}
			finally {
				advisory(connection, "SELECT pg_advisory_unlock(hashtext(?))", schedule);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not lock schedule " + schedule + ": " + ex.getMessage(), ex);
		}
	}

	private static void advisory(Connection connection, String sql, String schedule) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, "flotilla_schedule_fire:" + schedule);
			statement.execute();
		}
	}

	/**
	 * Serialises the servers' loads of the directory until the transaction ends, so two
	 * servers starting at once apply one copy after the other.
	 */
	void lockForLoad() {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('flotilla_schedule_load'))").query().singleRow();
	}

	Optional<Instant> sourceModifiedAt() {
		return this.jdbc.sql("SELECT modified_at FROM flotilla_schedule_source WHERE id = 1")
			.query((rs, row) -> rs.getTimestamp(1).toInstant())
			.optional();
	}

	void recordSource(Instant modifiedAt, Instant appliedAt, String appliedBy) {
		this.jdbc.sql("""
				INSERT INTO flotilla_schedule_source (id, modified_at, applied_at, applied_by) VALUES (1, ?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET modified_at = excluded.modified_at, applied_at = excluded.applied_at,
				  applied_by = excluded.applied_by""")
			.params(Timestamp.from(modifiedAt), Timestamp.from(appliedAt), appliedBy)
			.update();
	}

	List<Row> rows() {
		return this.jdbc.sql("SELECT * FROM flotilla_schedule ORDER BY name").query(ScheduleTable::row).list();
	}

	Optional<Row> find(String name) {
		return this.jdbc.sql("SELECT * FROM flotilla_schedule WHERE name = ?")
			.param(name)
			.query(ScheduleTable::row)
			.optional();
	}

	void save(Row row) {
		this.jdbc.sql("""
				INSERT INTO flotilla_schedule (name, file, definition, hash, problems, loaded_at, queued_due_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (name) DO UPDATE SET file = excluded.file, definition = excluded.definition,
				  hash = excluded.hash, problems = excluded.problems, loaded_at = excluded.loaded_at,
				  queued_due_at = excluded.queued_due_at""")
			.params(row.name(), row.file(), row.definition(), row.hash(), row.problems(),
					Timestamp.from(row.loadedAt()), timestamp(row.queuedDueAt()))
			.update();
	}

	void delete(String name) {
		this.jdbc.sql("DELETE FROM flotilla_schedule WHERE name = ?").param(name).update();
	}

	void queue(String name, Instant dueAt) {
		this.jdbc.sql("UPDATE flotilla_schedule SET queued_due_at = ? WHERE name = ?")
			.params(timestamp(dueAt), name)
			.update();
	}

	void recordFire(Fire fire) {
		this.jdbc.sql("""
				INSERT INTO flotilla_schedule_fire (schedule, due_at, fired_at, outcome, release_id, version, detail)
				VALUES (?, ?, ?, ?, ?, ?, ?)""")
			.params(fire.schedule(), Timestamp.from(fire.dueAt()), Timestamp.from(fire.firedAt()),
					fire.outcome().name(), fire.releaseId(), fire.version(), fire.detail())
			.update();
	}

	Optional<Fire> lastFire(String schedule) {
		return this.jdbc.sql("SELECT * FROM flotilla_schedule_fire WHERE schedule = ? ORDER BY id DESC LIMIT 1")
			.param(schedule)
			.query(ScheduleTable::fire)
			.optional();
	}

	/**
	 * The release the schedule started last, if any.
	 */
	Optional<Fire> lastStarted(String schedule) {
		return this.jdbc.sql(
				"SELECT * FROM flotilla_schedule_fire WHERE schedule = ? AND outcome = 'STARTED' ORDER BY id DESC LIMIT 1")
			.param(schedule)
			.query(ScheduleTable::fire)
			.optional();
	}

	/**
	 * Every release the schedule started, newest first, with its version.
	 */
	List<Fire> started(String schedule) {
		return this.jdbc
			.sql("SELECT * FROM flotilla_schedule_fire WHERE schedule = ? AND outcome = 'STARTED' ORDER BY id DESC")
			.param(schedule)
			.query(ScheduleTable::fire)
			.list();
	}

	private static Row row(ResultSet rs, int row) throws SQLException {
		return new Row(rs.getString("name"), rs.getString("file"), rs.getString("definition"), rs.getString("hash"),
				rs.getString("problems"), rs.getTimestamp("loaded_at").toInstant(), instant(rs, "queued_due_at"));
	}

	private static Fire fire(ResultSet rs, int row) throws SQLException {
		return new Fire(rs.getString("schedule"), rs.getTimestamp("due_at").toInstant(),
				rs.getTimestamp("fired_at").toInstant(), Outcome.valueOf(rs.getString("outcome")),
				rs.getString("release_id"), rs.getString("version"), rs.getString("detail"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	/**
	 * A schedule's row.
	 *
	 * @param definition the text of the last valid copy of its file, or null when it was
	 * never valid
	 * @param hash the SHA-256 of that text
	 * @param problems the problems of the file as it is now, or null when it is valid
	 * @param queuedDueAt when the fire that waits for the previous release was due, or
	 * null
	 */
	record Row(String name, String file, String definition, String hash, String problems, Instant loadedAt,
			Instant queuedDueAt) {

		boolean hasDefinition() {
			return this.definition != null;
		}

	}

	/**
	 * One fire of a schedule.
	 */
	record Fire(String schedule, Instant dueAt, Instant firedAt, Outcome outcome, String releaseId, String version,
			String detail) {

	}

	/**
	 * What came of a fire.
	 */
	enum Outcome {

		STARTED, SKIPPED, QUEUED

	}

}
