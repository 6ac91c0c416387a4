package io.flotilla.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code flotilla_event} table. Every write joins the caller's transaction, so an
 * entry commits with the change it records, or not at all.
 */
@Repository
public class AuditLog {

	private static final int MESSAGE_LENGTH = 4000;

	private static final int REASON_LENGTH = 2000;

	private final JdbcClient jdbc;

	AuditLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void record(AuditEntry entry) {
		this.jdbc.sql("""
				INSERT INTO flotilla_event (subject_type, subject_id, at, kind, stage, message, actor, reason,
				state_before, state_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(entry.subject().type(), entry.subject().id(), Timestamp.from(entry.at()), entry.kind(),
					entry.stage(), truncate(entry.message(), MESSAGE_LENGTH), entry.actor(),
					truncate(entry.reason(), REASON_LENGTH), entry.stateBefore(), entry.stateAfter())
			.update();
	}

	/**
	 * The subject's entries, oldest first.
	 */
	public List<AuditEntry> entries(Subject subject) {
		return this.jdbc.sql("SELECT * FROM flotilla_event WHERE subject_type = ? AND subject_id = ? ORDER BY id")
			.params(subject.type(), subject.id())
			.query((rs, row) -> new AuditEntry(subject, instant(rs.getTimestamp("at")), rs.getString("kind"),
					rs.getString("stage"), rs.getString("message"), rs.getString("actor"), rs.getString("reason"),
					rs.getString("state_before"), rs.getString("state_after")))
			.list();
	}

	/**
	 * A slice of the whole log, newest first, for a person reading it back. Every filter
	 * is an equality, so each one the index {@code (subject_type, subject_id, id)} does
	 * not serve is served by one of its own (V10); a subject without a type is looked up
	 * under each known type, which that index serves too.
	 * @param offset how many matching entries to pass over
	 * @param limit how many to return at most
	 */
	public List<AuditEntry> newest(Filter filter, long offset, int limit) {
		List<String> conditions = new ArrayList<>();
		List<Object> params = new ArrayList<>();
		if (filter.subjectId() != null) {
			List<String> types = (filter.subjectType() != null) ? List.of(filter.subjectType()) : Subject.TYPES;
			conditions.add("subject_type IN (" + String.join(", ", types.stream().map((type) -> "?").toList())
					+ ") AND subject_id = ?");
			params.addAll(types);
			params.add(filter.subjectId());
		}
		if (filter.actor() != null) {
			conditions.add("actor = ?");
			params.add(filter.actor());
		}
		if (filter.kind() != null) {
			conditions.add("kind = ?");
			params.add(filter.kind());
		}
		params.add(limit);
		params.add(offset);
		String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
		return this.jdbc.sql("SELECT * FROM flotilla_event" + where + " ORDER BY id DESC LIMIT ? OFFSET ?")
			.params(params)
			.query((rs, row) -> new AuditEntry(new Subject(rs.getString("subject_type"), rs.getString("subject_id")),
					instant(rs.getTimestamp("at")), rs.getString("kind"), rs.getString("stage"),
					rs.getString("message"), rs.getString("actor"), rs.getString("reason"),
					rs.getString("state_before"), rs.getString("state_after")))
			.list();
	}

	/**
	 * When the subject last had an entry of that kind, such as a user's last login.
	 */
	public Optional<Instant> latest(Subject subject, String kind) {
		return this.jdbc.sql("""
				SELECT at FROM flotilla_event WHERE subject_type = ? AND subject_id = ? AND kind = ?
				ORDER BY id DESC LIMIT 1""")
			.params(subject.type(), subject.id(), kind)
			.query((rs, row) -> instant(rs.getTimestamp("at")))
			.optional();
	}

	/**
	 * The id of the subject's latest entry, or 0 when it has none: a mark to ask
	 * {@link #recordedSince} about later.
	 */
	public long lastId(Subject subject) {
		return this.jdbc
			.sql("SELECT coalesce(max(id), 0) FROM flotilla_event WHERE subject_type = ? AND subject_id = ?")
			.params(subject.type(), subject.id())
			.query(Long.class)
			.single();
	}

	/**
	 * How many entries of that kind the subject has had since the instant.
	 */
	public int countSince(Subject subject, String kind, Instant since) {
		return this.jdbc.sql(
				"SELECT count(*) FROM flotilla_event WHERE subject_type = ? AND subject_id = ? AND kind = ? AND at >= ?")
			.params(subject.type(), subject.id(), kind, Timestamp.from(since))
			.query(Integer.class)
			.single();
	}

	/**
	 * How many entries of that kind by that actor the subject has had since the instant.
	 */
	public int countSince(Subject subject, String kind, String actor, Instant since) {
		return this.jdbc.sql("""
				SELECT count(*) FROM flotilla_event WHERE subject_type = ? AND subject_id = ? AND kind = ?
				AND actor = ? AND at >= ?""")
			.params(subject.type(), subject.id(), kind, actor, Timestamp.from(since))
			.query(Integer.class)
			.single();
	}

	/**
	 * How many entries of that kind by that actor subjects of the type have had since the
	 * instant.
	 */
	public int countByActorSince(String subjectType, String kind, String actor, Instant since) {
		return this.jdbc.sql("""
				SELECT count(*) FROM flotilla_event WHERE subject_type = ? AND kind = ? AND actor = ? AND at >= ?""")
			.params(subjectType, kind, actor, Timestamp.from(since))
			.query(Integer.class)
			.single();
	}

	/**
	 * Whether an entry of that kind that left the subject in that state was recorded
	 * after the mark.
	 */
	public boolean recordedSince(Subject subject, long mark, String kind, String stateAfter) {
		return this.jdbc.sql("""
				SELECT count(*) FROM flotilla_event WHERE subject_type = ? AND subject_id = ? AND id > ? AND kind = ?
				AND state_after = ?""")
			.params(subject.type(), subject.id(), mark, kind, stateAfter)
			.query(Integer.class)
			.single() > 0;
	}

	private static String truncate(String text, int length) {
		return (text != null && text.length() > length) ? text.substring(0, length) : text;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * Which entries to read: each part that is not null must match exactly.
	 *
	 * @param subjectType the subject's type, or null for any known type; it narrows only
	 * a subject id, since a type alone matches too many rows to be of use
	 * @param subjectId the subject's id, or null for any subject
	 * @param actor who acted, or null for anyone
	 * @param kind the entry's kind code, or null for any kind
	 */
	public record Filter(String subjectType, String subjectId, String actor, String kind) {

		public static final Filter ALL = new Filter(null, null, null, null);

	}

}
