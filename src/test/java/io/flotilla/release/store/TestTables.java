package io.flotilla.release.store;

import java.time.Clock;

import io.flotilla.audit.AuditLogs;
import io.flotilla.support.MigratedDatabase;

import org.springframework.context.ApplicationEventPublisher;

/**
 * The release tables built by hand over a migrated database, as the server wires them,
 * for tests outside this package.
 */
public final class TestTables {

	private TestTables() {
	}

	public static ReleaseTable releases(MigratedDatabase database, Clock clock) {
		return new ReleaseTable(database.jdbc(), clock);
	}

	public static StageTable stages(MigratedDatabase database) {
		return new StageTable(database.jdbc());
	}

	public static ClusterTable clusters(MigratedDatabase database, Clock clock) {
		return new ClusterTable(database.jdbc(), database.jdbcTemplate(), clock);
	}

	public static ClaimTable claims(MigratedDatabase database, Clock clock) {
		return new ClaimTable(database.jdbc(), clock);
	}

	public static ReleaseEventLog events(MigratedDatabase database, ApplicationEventPublisher publisher) {
		return new ReleaseEventLog(AuditLogs.over(database.jdbc()), publisher);
	}

}
