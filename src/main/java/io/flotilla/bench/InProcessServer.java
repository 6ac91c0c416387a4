package io.flotilla.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.flotilla.FlotillaApplication;
import io.flotilla.database.EmbeddedPostgresServer;
import io.flotilla.release.ReleaseService;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Flotilla server in this process, on an embedded PostgreSQL the bench owns, so that
 * the database's statistics can be read from outside the server's connection pool.
 */
final class InProcessServer implements AutoCloseable {

	private final EmbeddedPostgresServer postgres;

	private final ConfigurableApplicationContext context;

	private InProcessServer(EmbeddedPostgresServer postgres, ConfigurableApplicationContext context) {
		this.postgres = postgres;
		this.context = context;
	}

	static InProcessServer start(Path directory, Path kubeconfig, String... settings) {
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(directory.resolve("pgdata"));
		try {
			List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--flotilla.kubeconfig=" + kubeconfig,
					"--spring.datasource.url=" + postgres.jdbcUrl("postgres"),
					"--spring.datasource.username=" + EmbeddedPostgresServer.USER,
					"--spring.datasource.password=" + postgres.password(),
					"--flotilla.security.generated-admin-password-file=" + directory.resolve("admin-password"),
					"--logging.file.name=" + directory.resolve("server.log"), "--logging.threshold.console=OFF"));
			arguments.addAll(List.of(settings));
			ConfigurableApplicationContext context = SpringApplication.run(FlotillaApplication.class,
					arguments.toArray(String[]::new));
			return new InProcessServer(postgres, context);
		}
		catch (RuntimeException ex) {
			postgres.close();
			throw ex;
		}
	}

	/**
	 * Where its HTTP API and console listen, on the loopback interface.
	 */
	String url() {
		return "http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.server.port");
	}

	ReleaseService releases() {
		return this.context.getBean(ReleaseService.class);
	}

	/**
	 * The server's own database client, for figures read from its tables.
	 */
	JdbcClient jdbc() {
		return this.context.getBean(JdbcClient.class);
	}

	/**
	 * Closes the server's idle connections, so that their backends end and hand their
	 * pending statistics to PostgreSQL (a busy backend flushes them at most once a
	 * second, an idle one after ten).
	 */
	void flushStatistics() throws InterruptedException {
		this.context.getBean(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
		Thread.sleep(1500);
	}

	DatabaseCounters counters() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_stat_clear_snapshot()");
			long commits;
			try (ResultSet rows = statement
				.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
				rows.next();
				commits = rows.getLong(1);
			}
			try (ResultSet rows = statement.executeQuery(
					"SELECT coalesce(sum(n_tup_ins), 0), coalesce(sum(n_tup_upd), 0), coalesce(sum(n_tup_del), 0) FROM pg_stat_user_tables")) {
				rows.next();
				return new DatabaseCounters(commits, rows.getLong(1), rows.getLong(2), rows.getLong(3));
			}
		}
	}

	/**
	 * The rows a release's job left in Spring Batch's tables.
	 */
	long jobRepositoryRows(String releaseId) throws SQLException {
		String instance = "(SELECT DISTINCT e.job_instance_id FROM batch_job_execution e JOIN batch_job_execution_params p"
				+ " ON p.job_execution_id = e.job_execution_id WHERE p.parameter_value = ?)";
		String executions = "(SELECT job_execution_id FROM batch_job_execution WHERE job_instance_id IN " + instance
				+ ")";
		String sql = "SELECT (SELECT count(*) FROM batch_job_instance WHERE job_instance_id IN " + instance + ")"
				+ " + (SELECT count(*) FROM batch_job_execution WHERE job_execution_id IN " + executions + ")"
				+ " + (SELECT count(*) FROM batch_job_execution_params WHERE job_execution_id IN " + executions + ")"
				+ " + (SELECT count(*) FROM batch_job_execution_context WHERE job_execution_id IN " + executions + ")"
				+ " + (SELECT count(*) FROM batch_step_execution WHERE job_execution_id IN " + executions + ")"
				+ " + (SELECT count(*) FROM batch_step_execution_context WHERE step_execution_id IN"
				+ " (SELECT step_execution_id FROM batch_step_execution WHERE job_execution_id IN " + executions + "))";
		try (Connection connection = connect(); var statement = connection.prepareStatement(sql)) {
			for (int i = 1; i <= 6; i++) {
				statement.setString(i, releaseId);
			}
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private Connection connect() throws SQLException {
		return this.postgres.connect("postgres");
	}

	@Override
	public void close() {
		try {
			this.context.close();
		}
		finally {
			this.postgres.close();
		}
	}

	/**
	 * Cumulative counters of the database.
	 */
	record DatabaseCounters(long commits, long inserted, long updated, long deleted) {

		DatabaseCounters minus(DatabaseCounters before) {
			return new DatabaseCounters(this.commits - before.commits, this.inserted - before.inserted,
					this.updated - before.updated, this.deleted - before.deleted);
		}

		long rowsWritten() {
			return this.inserted + this.updated + this.deleted;
		}

	}

}
