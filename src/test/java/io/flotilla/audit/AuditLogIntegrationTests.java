package io.flotilla.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.flotilla.support.MigratedDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AuditLog} against a real PostgreSQL migrated by the server's migrations, and the
 * V7 migration that gave each entry a subject and an explicit kind code.
 */
class AuditLogIntegrationTests {

	private static final Instant AT = Instant.parse("2030-01-01T10:00:00Z");

	private static MigratedDatabase database;

	private static AuditLog audit;

	@BeforeAll
	static void database() {
		database = MigratedDatabase.latest();
		audit = new AuditLog(database.jdbc());
	}

	@Test
	void aSubjectsEntriesAreReadBackOldestFirstAndOnlyItsOwn() {
		// given
		Subject release = Subject.release("round-trip");
		Subject other = Subject.release("round-trip-other");
		Subject user = new Subject("user", "round-trip");
		AuditEntry started = new AuditEntry(release, AT, "release.started", null, "release started", null, null, null,
				null);
		AuditEntry paused = new AuditEntry(release, AT.plusSeconds(5), "signal.applied", "canary", "paused by alice",
				"alice", "looks odd", "RUNNING", "PAUSING");
		AuditEntry elsewhere = new AuditEntry(other, AT, "release.started", null, "another release", null, null, null,
				null);
		AuditEntry sameIdOtherType = new AuditEntry(user, AT, "user.created", null, "a user", "root", null, null, null);

		// when
		audit.record(started);
		audit.record(elsewhere);
		audit.record(sameIdOtherType);
		audit.record(paused);

		// then
		assertThat(audit.entries(release)).containsExactly(started, paused);
		assertThat(audit.entries(other)).containsExactly(elsewhere);
		assertThat(audit.entries(user)).containsExactly(sameIdOtherType);
		assertThat(audit.entries(Subject.release("nobody"))).isEmpty();
	}

	@Test
	void theWholeLogIsReadNewestFirstNarrowedByEachFilterGiven() {
		// given
		AuditEntry started = new AuditEntry(Subject.release("newest"), AT, "release.started", null, "started", null,
				null, null, null);
		AuditEntry created = new AuditEntry(Subject.user("newest"), AT.plusSeconds(1), "user.created", null, "created",
				"newest-alice", null, null, null);
		AuditEntry paused = new AuditEntry(Subject.release("newest"), AT.plusSeconds(2), "signal.applied", null,
				"paused", "newest-alice", "why", "RUNNING", "PAUSING");
		AuditEntry revoked = new AuditEntry(Subject.token(77), AT.plusSeconds(3), "token.revoked", null, "revoked",
				"newest-bob", null, null, null);
		List.of(started, created, paused, revoked).forEach(audit::record);

		// when
		List<AuditEntry> byId = audit.newest(new AuditLog.Filter(null, "newest", null, null), 0, 10);
		List<AuditEntry> byTypeAndId = audit.newest(new AuditLog.Filter("user", "newest", null, null), 0, 10);
		List<AuditEntry> byActor = audit.newest(new AuditLog.Filter(null, null, "newest-alice", null), 0, 10);
		List<AuditEntry> byActorAndKind = audit
			.newest(new AuditLog.Filter(null, null, "newest-alice", "signal.applied"), 0, 10);
		List<AuditEntry> secondOfId = audit.newest(new AuditLog.Filter(null, "newest", null, null), 1, 1);

		// then
		assertThat(byId).containsExactly(paused, created, started);
		assertThat(byTypeAndId).containsExactly(created);
		assertThat(byActor).containsExactly(paused, created);
		assertThat(byActorAndKind).containsExactly(paused);
		assertThat(secondOfId).containsExactly(created);
		assertThat(audit.newest(new AuditLog.Filter(null, null, "newest-%", null), 0, 10)).isEmpty();
		assertThat(audit.newest(new AuditLog.Filter(null, "77", null, "token.revoked"), 0, 10))
			.containsExactly(revoked);
	}

	@Test
	void latestIsWhenTheSubjectLastHadAnEntryOfTheKind() {
		// given
		Subject user = Subject.user("latest");
		audit.record(new AuditEntry(user, AT, "login.succeeded", null, "in", "latest", null, null, null));
		audit.record(
				new AuditEntry(user, AT.plusSeconds(60), "login.succeeded", null, "in", "latest", null, null, null));
		audit.record(new AuditEntry(user, AT.plusSeconds(90), "login.failed", null, "no", "latest", null, null, null));

		// when / then
		assertThat(audit.latest(user, "login.succeeded")).contains(AT.plusSeconds(60));
		assertThat(audit.latest(user, "user.disabled")).isEmpty();
	}

	@Test
	void aLongMessageAndReasonAreCutToTheirColumns() {
		// given
		Subject release = Subject.release("long-message");

		// when
		audit.record(new AuditEntry(release, AT, "cluster.failed", null, "m".repeat(5000), null, "r".repeat(3000), null,
				null));

		// then
		AuditEntry stored = audit.entries(release).get(0);
		assertThat(stored.message()).hasSize(4000);
		assertThat(stored.reason()).hasSize(2000);
	}

	@Test
	void lastIdMarksHowFarASubjectsLogHasCome() {
		// given
		Subject release = Subject.release("marks");
		assertThat(audit.lastId(release)).isZero();

		// when
		audit.record(entry(release, "release.started", null));
		long first = audit.lastId(release);
		audit.record(entry(Subject.release("marks-other"), "release.started", null));
		long afterOther = audit.lastId(release);
		audit.record(entry(release, "wave.done", null));
		long second = audit.lastId(release);

		// then
		assertThat(first).isPositive();
		assertThat(afterOther).isEqualTo(first);
		assertThat(second).isGreaterThan(first);
	}

	@Test
	void recordedSinceFindsAnEntryOfThatKindAndStateAfterTheMarkOnly() {
		// given: a resume before the mark, then a pause and a continue after it
		Subject release = Subject.release("since");
		audit.record(entry(release, "signal.applied", "RUNNING"));
		long mark = audit.lastId(release);
		audit.record(entry(release, "signal.applied", "PAUSING"));
		audit.record(entry(Subject.release("since-other"), "signal.applied", "RUNNING"));
		assertThat(audit.recordedSince(release, mark, "signal.applied", "RUNNING")).isFalse();

		// when
		audit.record(entry(release, "signal.applied", "RUNNING"));

		// then
		assertThat(audit.recordedSince(release, mark, "signal.applied", "RUNNING")).isTrue();
		assertThat(audit.recordedSince(release, mark, "signal.applied", "PAUSING")).isTrue();
		assertThat(audit.recordedSince(release, mark, "release.ended", "RUNNING")).isFalse();
		assertThat(audit.recordedSince(release, audit.lastId(release), "signal.applied", "RUNNING")).isFalse();
		assertThat(audit.recordedSince(new Subject("user", "since"), 0, "signal.applied", "RUNNING")).isFalse();
	}

	@Test
	void theV7MigrationGaveOldEntriesTheReleaseAsSubjectAndKindCodes() {
		// given: a database as a server before V7 left it
		MigratedDatabase old = MigratedDatabase.migratedTo("6");
		Timestamp at = Timestamp.from(AT);
		old.jdbc()
			.sql("""
					INSERT INTO flotilla_release (id, plan_name, plan_file, plan_text, target_version, state, started_by,
					created_at, updated_at) VALUES ('old-1', 'plan', 'plan.yaml', 'name: plan', '25.3', 'PAUSED', 'alice', ?, ?)""")
			.params(at, at)
			.update();
		insertOldEvent(old, "ReleaseStarted", at, null, null);
		insertOldEvent(old, "SignalApplied", at, "RUNNING", "PAUSING");
		insertOldEvent(old, "SomethingNewer", at, null, null);

		// when
		old.migrateToLatest();

		// then
		List<Map<String, Object>> rows = old.jdbc()
			.sql("SELECT subject_type, subject_id, kind FROM flotilla_event ORDER BY id")
			.query()
			.listOfRows();
		assertThat(rows).containsExactly(
				Map.of("subject_type", "release", "subject_id", "old-1", "kind", "release.started"),
				Map.of("subject_type", "release", "subject_id", "old-1", "kind", "signal.applied"),
				Map.of("subject_type", "release", "subject_id", "old-1", "kind", "SomethingNewer"));
		assertThat(old.jdbc()
			.sql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'flotilla_event' AND column_name = 'release_id'")
			.query(Integer.class)
			.single()).isZero();
		// and the log reads them as any other entry of the release
		AuditLog migrated = new AuditLog(old.jdbc());
		assertThat(migrated.entries(Subject.release("old-1"))).extracting(AuditEntry::kind)
			.containsExactly("release.started", "signal.applied", "SomethingNewer");
		assertThat(migrated.entries(Subject.release("old-1")).get(1)).isEqualTo(new AuditEntry(Subject.release("old-1"),
				AT, "signal.applied", null, "old SignalApplied", "alice", null, "RUNNING", "PAUSING"));
		assertThat(migrated.recordedSince(Subject.release("old-1"), 0, "signal.applied", "PAUSING")).isTrue();
	}

	private static void insertOldEvent(MigratedDatabase old, String kind, Timestamp at, String before, String after) {
		old.jdbc()
			.sql("""
					INSERT INTO flotilla_event (release_id, at, kind, message, actor, state_before, state_after)
					VALUES ('old-1', ?, ?, ?, ?, ?, ?)""")
			.params(at, kind, "old " + kind, (before != null) ? "alice" : null, before, after)
			.update();
	}

	private static AuditEntry entry(Subject subject, String kind, String stateAfter) {
		return new AuditEntry(subject, AT, kind, null, kind, null, null, null, stateAfter);
	}

}
