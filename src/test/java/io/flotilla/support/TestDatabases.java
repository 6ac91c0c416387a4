package io.flotilla.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

import io.flotilla.database.EmbeddedPostgresServer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One real PostgreSQL per test JVM, with a fresh database for every test class that asks,
 * so tests never see each other's releases. It is an {@link EmbeddedPostgresServer}, as
 * the server's own, so it asks for a password: tests connect through {@link #client},
 * {@link #dataSource} or {@link #password}, which know the password of every server
 * started here.
 *
 * <p>
 * Its data lives in {@code target/test-postgres/pgdata-<pid>}, removed when the JVM exits
 * (or by the next test JVM, after a kill); the password and the binaries next to it are
 * shared by every test JVM.
 */
public final class TestDatabases {

	private static final Path ROOT = Path.of("target", "test-postgres").toAbsolutePath();

	private static final Pattern PORT = Pattern.compile("^jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/");

	private static final AtomicInteger counter = new AtomicInteger();

	private static final Map<Integer, String> passwords = new ConcurrentHashMap<>();

	private static EmbeddedPostgresServer postgres;

	private TestDatabases() {
	}

	/**
	 * Creates an empty database and returns its JDBC URL (user
	 * {@value EmbeddedPostgresServer#USER}, password {@link #password(String)}).
	 */
	public static synchronized String newDatabase() {
		String name = "flotilla_test_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
		return createDatabase(server(), name);
	}

	/**
	 * Starts a server of a test's own, whose password {@link #password(String)} then
	 * knows. Its binaries are the shared server's.
	 */
	public static EmbeddedPostgresServer startServer(Path dataDirectory, int port) {
		// zonky unpacks the binaries once per JVM, where the first server asks: there,
		// not in a test's directory that is gone after the test
		server();
		EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, port);
		passwords.put(server.port(), server.password());
		return server;
	}

	/**
	 * Creates an empty database on the given PostgreSQL and returns its JDBC URL.
	 */
	public static String createDatabase(EmbeddedPostgresServer server, String name) {
		passwords.put(server.port(), server.password());
		try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name, ex);
		}
		return server.jdbcUrl(name);
	}

	/**
	 * The password of the server a JDBC URL of this class names.
	 */
	public static String password(String jdbcUrl) {
		Matcher port = PORT.matcher(jdbcUrl);
		String password = port.find() ? passwords.get(Integer.parseInt(port.group(1))) : null;
		if (password == null) {
			throw new IllegalArgumentException("No test PostgreSQL started here serves " + jdbcUrl);
		}
		return password;
	}

	/**
	 * A data source without a pool, as {@value EmbeddedPostgresServer#USER} with the
	 * server's password.
	 */
	public static DataSource dataSource(String jdbcUrl) {
		return new DriverManagerDataSource(jdbcUrl, EmbeddedPostgresServer.USER, password(jdbcUrl));
	}

	/**
	 * A client of the database, as a test outside the server reads it.
	 */
	public static JdbcClient client(String jdbcUrl) {
		return JdbcClient.create(dataSource(jdbcUrl));
	}

	public static synchronized int port() {
		return server().port();
	}

	private static synchronized EmbeddedPostgresServer server() {
		if (postgres == null) {
			removeDataOfDeadJvms();
			Path data = ROOT.resolve("pgdata-" + ProcessHandle.current().pid());
			EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data);
			passwords.put(server.port(), server.password());
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				server.close();
				deleteRecursively(data);
			}, "test-postgres-closer"));
			postgres = server;
		}
		return postgres;
	}

	/**
	 * Removes the data directories of test JVMs that are gone (and of an earlier one that
	 * had this JVM's pid), stopping the PostgreSQL a killed one left running.
	 */
	private static void removeDataOfDeadJvms() {
		if (!Files.isDirectory(ROOT)) {
			return;
		}
		List<Path> stale;
		try (Stream<Path> children = Files.list(ROOT)) {
			stale = children.filter((child) -> child.getFileName().toString().matches("pgdata-\\d+"))
				.filter((child) -> isGone(Long.parseLong(child.getFileName().toString().substring("pgdata-".length()))))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (Path data : stale) {
			try {
				EmbeddedPostgresServer.stopOrphan(data);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			deleteRecursively(data);
		}
	}

	private static boolean isGone(long pid) {
		return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty();
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(directory)) {
			for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + directory, ex);
		}
	}

}
