package io.flotilla.notify;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The root message of each release's thread, kept in the database so that a server that
 * restarts, or another node, threads later events under the same message.
 */
final class SlackThreads {

	private final JdbcClient jdbc;

	SlackThreads(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<String> root(String releaseId, String channel) {
		return this.jdbc.sql("SELECT ts FROM flotilla_slack_thread WHERE release_id = ? AND channel = ?")
			.params(releaseId, channel)
			.query(String.class)
			.optional();
	}

	/**
	 * Records a release's root message, unless one was recorded first; returns the one
	 * that counts.
	 */
	String saveRoot(String releaseId, String channel, String ts) {
		this.jdbc
			.sql("INSERT INTO flotilla_slack_thread (release_id, channel, ts) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
			.params(releaseId, channel, ts)
			.update();
		return root(releaseId, channel).orElse(ts);
	}

}
