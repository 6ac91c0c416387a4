package io.flotilla.release.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code flotilla_freeze} table: the freezes admins started, and when and by whom
 * they ended. Every method joins the caller's transaction.
 */
@Repository
public class FreezeTable {

	private final JdbcClient jdbc;

	FreezeTable(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public long insert(String reason, Map<String, String> selector, String by, Instant at) {
		return this.jdbc.sql("""
				INSERT INTO flotilla_freeze (reason, selector, started_by, started_at) VALUES (?, ?, ?, ?)
				RETURNING id""")
			.params(reason, selectorText(selector), by, Timestamp.from(at))
			.query(Long.class)
			.single();
	}

	/**
	 * The freezes that have not ended, oldest first.
	 */
	public List<Row> active() {
		return this.jdbc.sql("SELECT * FROM flotilla_freeze WHERE ended_at IS NULL ORDER BY id")
			.query(FreezeTable::row)
			.list();
	}

	/**
	 * Ends every freeze that has not ended.
	 * @return the freezes ended
	 */
	public List<Row> endAll(String by, String reason, Instant at) {
		return this.jdbc.sql("""
				UPDATE flotilla_freeze SET ended_by = ?, ended_at = ?, end_reason = ? WHERE ended_at IS NULL
				RETURNING *""").params(by, Timestamp.from(at), reason).query(FreezeTable::row).list();
	}

	/**
	 * Serialises starting and ending freezes until the transaction ends, so that two
	 * admins at once see each other's freeze.
	 */
	public void lock() {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('flotilla_freeze'))").query().singleRow();
	}

	/**
	 * Labels as the table keeps them: {@code k=v,k=v}, sorted.
	 */
	public static String selectorText(Map<String, String> selector) {
		return selector.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((label) -> label.getKey() + "=" + label.getValue())
			.collect(Collectors.joining(","));
	}

	static Map<String, String> selector(String text) {
		Map<String, String> labels = new LinkedHashMap<>();
		if (!text.isEmpty()) {
			for (String label : text.split(",")) {
				int equals = label.indexOf('=');
				labels.put(label.substring(0, equals), label.substring(equals + 1));
			}
		}
		return labels;
	}

	private static Row row(ResultSet rs, int row) throws SQLException {
		Timestamp ended = rs.getTimestamp("ended_at");
		return new Row(rs.getLong("id"), rs.getString("reason"), selector(rs.getString("selector")),
				rs.getString("started_by"), rs.getTimestamp("started_at").toInstant(), rs.getString("ended_by"),
				(ended != null) ? ended.toInstant() : null, rs.getString("end_reason"));
	}

	/**
	 * A freeze as stored.
	 */
	public record Row(long id, String reason, Map<String, String> selector, String startedBy, Instant startedAt,
			String endedBy, Instant endedAt, String endReason) {

	}

}
