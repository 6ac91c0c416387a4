package io.flotilla.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One real PostgreSQL per test JVM, with a fresh database for every test class that asks,
 * so tests never see each other's releases.
 */
public final class TestDatabases {

	private static final AtomicInteger counter = new AtomicInteger();

	private static EmbeddedPostgres postgres;

	private TestDatabases() {
	}

	/**
	 * Creates an empty database and returns its JDBC URL (user {@code postgres}, no
	 * password).
	 */
	public static synchronized String newDatabase() {
		String name = "flotilla_test_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
		return createDatabase(server(), name);
	}

	/**
	 * Creates an empty database on the given PostgreSQL and returns its JDBC URL (user
	 * {@code postgres}, no password).
	 */
	public static String createDatabase(EmbeddedPostgres postgres, String name) {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name, ex);
		}
		return postgres.getJdbcUrl("postgres", name);
	}

	/**
	 * A client of the database, as a test outside the server reads it.
	 */
	public static JdbcClient client(String jdbcUrl) {
		return JdbcClient.create(new DriverManagerDataSource(jdbcUrl, "postgres", ""));
	}

	public static synchronized int port() {
		return server().getPort();
	}

	private static EmbeddedPostgres server() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return postgres;
	}

}
