package io.flotilla.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.flotilla.database.EmbeddedPostgresServer;

import static org.awaitility.Awaitility.await;

/**
 * A Flotilla server in a child JVM, started with {@code flotilla server} on the test's
 * class path, and killed the hard way: SIGKILL to it and to anything it started, with no
 * shutdown hook to run. Its output goes to a log file whose tail {@link #logTail(int)}
 * shows.
 */
public final class ServerProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private final Process process;

	private final int port;

	private final Path log;

	private final Instant startedAt;

	private volatile TestHttp http;

	private Instant readyAt;

	private ServerProcess(Process process, int port, Path log, Instant startedAt) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.startedAt = startedAt;
		this.http = new TestHttp(port, Duration.ofSeconds(2), Duration.ofSeconds(10));
	}

	/**
	 * Starts a server on a free port against the given database of {@link TestDatabases}
	 * and kubeconfig, waits until it is ready, and logs in as its first admin. The
	 * database and admin passwords go in the child's environment, which other users
	 * cannot read, not on its command line.
	 */
	public static ServerProcess start(String jdbcUrl, Path kubeconfig, Path log) {
		return start(jdbcUrl, kubeconfig, log, Map.of());
	}

	/**
	 * Starts a server as {@link #start(String, Path, Path)} does, with more of its
	 * settings in its environment, such as {@code FLOTILLA_SCHEDULES_DIRECTORY}.
	 */
	public static ServerProcess start(String jdbcUrl, Path kubeconfig, Path log, Map<String, String> environment) {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx512m");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add("io.flotilla.cli.FlotillaCli");
		command.addAll(List.of("server", "--port", Integer.toString(port), "--db-url", jdbcUrl, "--db-user",
				EmbeddedPostgresServer.USER, "--kubeconfig", kubeconfig.toString()));
		try {
			Files.createDirectories(log.getParent());
			Instant startedAt = Instant.now();
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
			builder.environment().put("FLOTILLA_DB_PASSWORD", TestDatabases.password(jdbcUrl));
			builder.environment().put("FLOTILLA_ADMIN_PASSWORD", TestAccounts.ADMIN_PASSWORD);
			builder.environment().putAll(environment);
			Process process = builder.start();
			ServerProcess server = new ServerProcess(process, port, log, startedAt);
			server.awaitReady();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start a Flotilla server", ex);
		}
	}

	private void awaitReady() {
		try {
			await("server on port " + this.port + " answering").atMost(START_TIMEOUT)
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptionsInstanceOf(UncheckedIOException.class)
				.until(() -> {
					if (!this.process.isAlive()) {
						throw new IllegalStateException(
								"The server exited with " + this.process.exitValue() + ":\n" + logTail(60));
					}
					return this.http.get("/actuator/health/readiness").status() == 200;
				});
			this.http = this.http.loggedIn(TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
		}
		catch (RuntimeException ex) {
			kill();
			throw new IllegalStateException("The server did not start:\n" + logTail(60), ex);
		}
		this.readyAt = Instant.now();
	}

	public Instant startedAt() {
		return this.startedAt;
	}

	public Instant readyAt() {
		return this.readyAt;
	}

	public long pid() {
		return this.process.pid();
	}

	public Path log() {
		return this.log;
	}

	/**
	 * HTTP to this server.
	 */
	public TestHttp http() {
		return this.http;
	}

	public TestHttp.Response get(String path) {
		return this.http.get(path);
	}

	/**
	 * POSTs the body as JSON.
	 */
	public TestHttp.Response post(String path, Object body) {
		return this.http.post(path, body);
	}

	/**
	 * SIGKILL: no shutdown hook, no graceful stop of jobs, Quartz or the connection pool.
	 * Waits until the process and everything it started are gone.
	 */
	public void kill() {
		List<ProcessHandle> descendants = this.process.descendants().toList();
		this.process.destroyForcibly();
		descendants.forEach(ProcessHandle::destroyForcibly);
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Server process " + this.process.pid() + " survived SIGKILL");
			}
			for (ProcessHandle descendant : descendants) {
				descendant.onExit().get(30, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not kill the server", ex);
		}
	}

	/**
	 * SIGTERM: the graceful stop an operator's Ctrl-C or a Kubernetes pod deletion gives.
	 * Waits until the process is gone.
	 */
	public void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Server process " + this.process.pid() + " did not stop on SIGTERM");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * The last lines of the server's output.
	 */
	public String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

	/**
	 * A port on the loopback address that nothing listens on.
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
