package io.flotilla.audit;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit log built by hand, for tests outside its package that wire the release tables
 * without the server.
 */
public final class AuditLogs {

	private AuditLogs() {
	}

	public static AuditLog over(JdbcClient jdbc) {
		return new AuditLog(jdbc);
	}

}
