package io.flotilla.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server whose data directory is kept across runs, so releases survive a
 * restart of Flotilla.
 *
 * <p>
 * The server is a child process. When a previous Flotilla was killed with SIGKILL its
 * PostgreSQL lives on, orphaned, and still owns the data directory; it is shut down (fast
 * mode) before a new one starts, since every client it served died with the old process.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private static final Duration ORPHAN_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	private final EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * Starts PostgreSQL on a free loopback port with its data in {@code dataDirectory},
	 * created on first use.
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory) {
		try {
			Files.createDirectories(dataDirectory);
			stopOrphan(dataDirectory);
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				.start();
			logger.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), dataDirectory);
			return new EmbeddedPostgresServer(postgres);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL in " + dataDirectory, ex);
		}
	}

	public String jdbcUrl(String database) {
		return this.postgres.getJdbcUrl("postgres", database);
	}

	public int port() {
		return this.postgres.getPort();
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

	private static void stopOrphan(Path dataDirectory) throws IOException {
		Optional<ProcessHandle> orphan = postmasterOf(dataDirectory);
		if (orphan.isEmpty()) {
			return;
		}
		logger.info("Stopping PostgreSQL left running by a previous Flotilla (pid {})", orphan.get().pid());
		// SIGTERM would wait for clients that died with the old process; SIGINT is
		// PostgreSQL's fast shutdown.
		new ProcessBuilder("kill", "-INT", Long.toString(orphan.get().pid())).inheritIO().start();
		try {
			orphan.get().onExit().get(ORPHAN_SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("PostgreSQL (pid " + orphan.get().pid() + ") still owns " + dataDirectory
					+ " after " + ORPHAN_SHUTDOWN_TIMEOUT.toSeconds() + "s; stop it and try again", ex);
		}
	}

	private static Optional<ProcessHandle> postmasterOf(Path dataDirectory) throws IOException {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return Optional.empty();
		}
		List<String> lines = Files.readAllLines(pidFile);
		if (lines.isEmpty() || lines.get(0).isBlank()) {
			return Optional.empty();
		}
		return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
			.filter(ProcessHandle::isAlive)
			.filter((process) -> process.info().command().map((command) -> command.contains("postgres")).orElse(true));
	}

}
