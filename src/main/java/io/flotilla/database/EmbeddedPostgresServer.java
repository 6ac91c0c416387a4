package io.flotilla.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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

	private static final Duration ORPHAN_POLL = Duration.ofMillis(10);

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
				// JVM shutdown hooks run side by side: zonky's own would stop PostgreSQL
				// while Spring's lets the wave in flight finish and commit on a SIGTERM;
				// the owner closes it once nothing uses it
				.setRegisterShutdownHook(false)
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
