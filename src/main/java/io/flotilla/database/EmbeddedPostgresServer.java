package io.flotilla.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flotilla.secret.SecretFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server whose data directory is kept across runs, so releases survive a
 * restart of Flotilla.
 *
 * <p>
 * Only its owner may connect: the {@code postgres} role has a generated password, kept in
 * {@code db-password} (mode 0600) next to the data directory, and every line of
 * {@code pg_hba.conf} asks for it (scram-sha-256). The server listens on 127.0.0.1 only
 * and has no Unix socket. Its binaries are unpacked into {@code postgres-binaries} (mode
 * 0700) next to the data directory, not into the shared temporary directory. A data
 * directory made by an older Flotilla, which trusted every local connection, is given the
 * password on its first start.
 *
 * <p>
 * The server is a child process. When a previous Flotilla was killed with SIGKILL its
 * PostgreSQL lives on, orphaned, and still owns the data directory; it is shut down (fast
 * mode) before a new one starts, since every client it served died with the old process.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	/**
	 * The role Flotilla connects as, PostgreSQL's superuser.
	 */
	public static final String USER = "postgres";

	/**
	 * The file, next to the data directory, that holds the role's password.
	 */
	public static final String PASSWORD_FILE = "db-password";

	/**
	 * The directory, next to the data directory, that holds PostgreSQL's binaries.
	 */
	public static final String BINARIES_DIRECTORY = "postgres-binaries";

	private static final String LOOPBACK = "127.0.0.1";

	private static final String AUTH_METHOD = "scram-sha-256";

	private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	/**
	 * {@code trust} as the method of a {@code pg_hba.conf} line: a whole word, before any
	 * comment.
	 */
	private static final Pattern TRUST = Pattern.compile("(?<=\\s)trust(?=\\s|#|$)");

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private static final Duration ORPHAN_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration ORPHAN_POLL = Duration.ofMillis(10);

	private final EmbeddedPostgres postgres;

	private final String password;

	private final Path passwordFile;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password, Path passwordFile) {
		this.postgres = postgres;
		this.password = password;
		this.passwordFile = passwordFile;
	}

	/**
	 * Starts PostgreSQL on a free loopback port with its data in {@code dataDirectory},
	 * created on first use.
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory) {
		return start(dataDirectory, 0);
	}

	/**
	 * Starts PostgreSQL on the given loopback port (0 for a free one) with its data in
	 * {@code dataDirectory}, created on first use.
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
		Path data = dataDirectory.toAbsolutePath().normalize();
		try {
			Files.createDirectories(data);
			stopOrphan(data);
			boolean initialized = Files.exists(data.resolve("postgresql.conf"));
			boolean trusting = initialized && trusts(Files.readString(data.resolve("pg_hba.conf")));
			Path passwordFile = data.resolveSibling(PASSWORD_FILE);
			if (initialized && !trusting && !Files.exists(passwordFile)) {
				throw new IllegalStateException("The embedded PostgreSQL in " + data + " asks for a password, but "
						+ passwordFile + " that held it is gone. Restore it; or replace scram-sha-256 with trust in "
						+ data.resolve("pg_hba.conf") + " and start again, which sets a new password");
			}
			String password = readOrCreatePassword(passwordFile);
			Path binaries = SecretFiles.privateDirectory(data.resolveSibling(BINARIES_DIRECTORY));
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(data)
				.setCleanDataDirectory(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				// JVM shutdown hooks run side by side: zonky's own would stop PostgreSQL
				// while Spring's lets the wave in flight finish and commit on a SIGTERM;
				// the owner closes it once nothing uses it
				.setRegisterShutdownHook(false)
				// not the shared, world-writable ${java.io.tmpdir}/embedded-pg
				.setOverrideWorkingDirectory(binaries.toFile())
				// initdb is run with "-A trust" and then these, which override it: the
				// role gets the password and every line of pg_hba.conf asks for it
				.setLocaleConfig("auth", AUTH_METHOD)
				.setLocaleConfig("pwfile", passwordFile.toString())
				.setServerConfig("listen_addresses", LOOPBACK)
				.setServerConfig("unix_socket_directories", "")
				// zonky's own readiness check connects with these
				.setConnectConfig("password", password);
			if (port != 0) {
				builder.setPort(port);
			}
			EmbeddedPostgres postgres = startOrStop(builder, data, passwordFile);
			// zonky opens the directory it unpacks into to everyone
			Files.setPosixFilePermissions(binaries, OWNER_ONLY_DIRECTORY);
			EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, password, passwordFile);
			if (trusting) {
				server.lockTrustingDataDirectory(data);
			}
			logger.info("Embedded PostgreSQL started on {}:{} with data in {}, password in {}", LOOPBACK,
					postgres.getPort(), data, passwordFile);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL in " + data, ex);
		}
	}

	/**
	 * Starts the server, and when it does not come up stops what pg_ctl started, which
	 * zonky leaves running.
	 */
	private static EmbeddedPostgres startOrStop(EmbeddedPostgres.Builder builder, Path data, Path passwordFile)
			throws IOException {
		try {
			return builder.start();
		}
		catch (IOException | RuntimeException ex) {
			try {
				stopOrphan(data);
			}
			catch (IOException | RuntimeException stopFailure) {
				ex.addSuppressed(stopFailure);
			}
			throw new IllegalStateException("Embedded PostgreSQL in " + data + " did not start (when it refused the"
					+ " password, " + passwordFile + " no longer holds the one it was given)", ex);
		}
	}

	/**
	 * JDBC URL of a database of this server; it carries no credentials.
	 */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + LOOPBACK + ":" + this.postgres.getPort() + "/" + database;
	}

	public int port() {
		return this.postgres.getPort();
	}

	/**
	 * The password of {@link #USER}.
	 */
	public String password() {
		return this.password;
	}

	/**
	 * Where the password is kept.
	 */
	public Path passwordFile() {
		return this.passwordFile;
	}

	/**
	 * A new connection to a database of this server as {@link #USER}.
	 */
	public Connection connect(String database) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", USER);
		properties.setProperty("password", this.password);
		return DriverManager.getConnection(jdbcUrl(database), properties);
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Gives a data directory that trusted every local connection the password: sets the
	 * role's password (hashed by the driver, so that it never reaches the server in
	 * clear), then makes every {@code trust} line of {@code pg_hba.conf} ask for it and
	 * reloads the configuration. Each step may be repeated, so a crash in between is
	 * mended by the next start.
	 */
	private void lockTrustingDataDirectory(Path data) throws IOException {
		try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
			connection.unwrap(PGConnection.class).alterUserPassword(USER, this.password.toCharArray(), AUTH_METHOD);
			Path hba = data.resolve("pg_hba.conf");
			SecretFiles.write(hba, withoutTrust(Files.readString(hba)));
			statement.execute("SELECT pg_reload_conf()");
		}
		catch (SQLException | IOException | RuntimeException ex) {
			close();
			throw new IllegalStateException("Could not give the embedded PostgreSQL in " + data + " a password", ex);
		}
		logger.info("The embedded PostgreSQL in {} trusted every local connection; it now asks for the password in {}",
				data, this.passwordFile);
	}

	/**
	 * Whether a line of {@code pg_hba.conf} lets a client in without a password.
	 */
	static boolean trusts(String hba) {
		return hba.lines().map(EmbeddedPostgresServer::uncommented).anyMatch((line) -> TRUST.matcher(line).find());
	}

	/**
	 * {@code pg_hba.conf} with {@code trust} replaced by {@code scram-sha-256} on every
	 * line, comments left as they were.
	 */
	static String withoutTrust(String hba) {
		StringBuilder result = new StringBuilder();
		for (String line : hba.split("(?<=\n)", -1)) {
			String rule = uncommented(line);
			result.append(TRUST.matcher(rule).replaceAll(Matcher.quoteReplacement(AUTH_METHOD)))
				.append(line.substring(rule.length()));
		}
		return result.toString();
	}

	private static String uncommented(String line) {
		int hash = line.indexOf('#');
		return (hash < 0) ? line.replaceAll("[\r\n]+$", "") : line.substring(0, hash);
	}

	/**
	 * Reads the password from the first line of the file, or generates one and writes it
	 * there, readable by the owner only.
	 */
	private static String readOrCreatePassword(Path file) throws IOException {
		Optional<String> existing = SecretFiles.read(file);
		if (existing.isPresent()) {
			return existing.get();
		}
		String password = SecretFiles.generate();
		SecretFiles.write(file, password + "\n");
		return password;
	}

	/**
	 * Stops a PostgreSQL that a killed process left running on the data directory, if
	 * there is one.
	 */
	public static void stopOrphan(Path dataDirectory) throws IOException {
		Optional<ProcessHandle> orphan = postmasterOf(dataDirectory);
		if (orphan.isEmpty()) {
			return;
		}
		logger.info("Stopping PostgreSQL left running by a previous Flotilla (pid {})", orphan.get().pid());
		// SIGTERM would wait for clients that died with the old process; SIGINT is
		// PostgreSQL's fast shutdown.
		long start = System.nanoTime();
		new ProcessBuilder("kill", "-INT", Long.toString(orphan.get().pid())).inheritIO().start();
		try {
			if (!awaitRelease(dataDirectory, orphan.get(), ORPHAN_SHUTDOWN_TIMEOUT, ORPHAN_POLL)) {
				throw new IllegalStateException("PostgreSQL (pid " + orphan.get().pid() + ") still owns "
						+ dataDirectory + " after " + ORPHAN_SHUTDOWN_TIMEOUT.toSeconds() + "s; stop it and try again");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while PostgreSQL (pid " + orphan.get().pid() + ") stopped",
					ex);
		}
		logger.info("PostgreSQL (pid {}) stopped in {} ms", orphan.get().pid(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
	}

	/**
	 * Waits until a postmaster has let go of its data directory. Removing
	 * {@code postmaster.pid} is the last thing it does before it exits, after its
	 * children ended and its shared memory is gone; its exit shows much later, as it is
	 * not a child of this process: it stays a zombie until whatever adopted it reaps it
	 * (1.4 s under the bench machine's init), and {@link ProcessHandle#onExit()} polls a
	 * process that is not a child every 300 ms and more.
	 * @return whether it let go within the timeout
	 */
	static boolean awaitRelease(Path dataDirectory, ProcessHandle postmaster, Duration timeout, Duration poll)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (postmaster.isAlive() && pidInLockFile(dataDirectory).equals(OptionalLong.of(postmaster.pid()))) {
			if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			Thread.sleep(poll.toMillis());
		}
		return true;
	}

	private static Optional<ProcessHandle> postmasterOf(Path dataDirectory) throws IOException {
		OptionalLong pid = pidInLockFile(dataDirectory);
		if (pid.isEmpty()) {
			return Optional.empty();
		}
		return ProcessHandle.of(pid.getAsLong())
			.filter(ProcessHandle::isAlive)
			.filter((process) -> process.info().command().map((command) -> command.contains("postgres")).orElse(true));
	}

	private static OptionalLong pidInLockFile(Path dataDirectory) throws IOException {
		List<String> lines;
		try {
			lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
		}
		catch (NoSuchFileException ex) {
			return OptionalLong.empty();
		}
		if (lines.isEmpty() || lines.get(0).isBlank()) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(Long.parseLong(lines.get(0).trim()));
	}

}
