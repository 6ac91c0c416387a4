package io.flotilla.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.flotilla.bench.measure.PeakReporter;

/**
 * A {@code flotilla} command in a JVM of its own, started through {@link PeakReporter} so
 * that it reports its peak heap and resident set size as it ends.
 *
 * <p>
 * Children still running when this JVM ends (Ctrl-C or SIGTERM of the bench, which no
 * try-with-resources sees) are ended with it, and so is an embedded PostgreSQL a killed
 * server left behind.
 */
final class ChildJvm implements AutoCloseable {

	static final String MAIN = "io.flotilla.cli.FlotillaCli";

	/**
	 * How long a child has after SIGTERM (a server stops its embedded PostgreSQL on the
	 * way out) before SIGKILL.
	 */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * The same when this JVM is ending: shorter, so that Ctrl-C does not hang.
	 */
	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

	private static final Set<ChildJvm> running = new HashSet<>();

	private static final Set<Path> dataDirectories = new HashSet<>();

	private static boolean exiting;

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(ChildJvm::endAll, "end-child-jvms"));
	}

	private final Process process;

	private final Path peakFile;

	private ChildJvm(Process process, Path peakFile) {
		this.process = process;
		this.peakFile = peakFile;
	}

	/**
	 * {@code flotilla server} on 127.0.0.1:{@code port} with its embedded PostgreSQL in
	 * {@code directory/pgdata}, so that a server started later on the same directory
	 * takes over its releases, and its generated admin password in
	 * {@link #adminPasswordFile}; its console (warnings only) goes to {@code name.log},
	 * its log to {@code name-server.log}.
	 */
	static ChildJvm server(List<String> jvmOptions, Path kubeconfig, Path directory, int port, String name) {
		Path dataDirectory = directory.resolve("pgdata");
		synchronized (ChildJvm.class) {
			dataDirectories.add(dataDirectory);
		}
		return start(jvmOptions, List.of("server", "--port", Integer.toString(port), "--kubeconfig",
				kubeconfig.toString(), "--flotilla.database.directory=" + dataDirectory,
				"--flotilla.security.generated-admin-password-file=" + adminPasswordFile(directory),
				"--logging.file.name=" + directory.resolve(name + "-server.log"), "--logging.threshold.console=WARN"),
				directory, name);
	}

	/**
	 * Where the first server on {@code directory} writes its generated admin password,
	 * which the bench logs in with.
	 */
	static Path adminPasswordFile(Path directory) {
		return directory.resolve("admin-password");
	}

	static ChildJvm start(List<String> jvmOptions, List<String> flotillaArguments, Path directory, String name) {
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Path peakFile = directory.resolve(name + ".peak");
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(jvmOptions);
		command.add("-Dflotilla.bench.peak-file=" + peakFile);
		String classPath = System.getProperty("java.class.path");
		if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
			command.add("-Dloader.main=" + PeakReporter.class.getName());
			command.add("-cp");
			command.add(classPath);
			command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
		}
		else {
			command.add("-cp");
			command.add(classPath);
			command.add(PeakReporter.class.getName());
		}
		command.add(MAIN);
		command.addAll(flotillaArguments);
		// under the lock the shutdown hook takes, so that no child starts unseen by it
		synchronized (ChildJvm.class) {
			if (exiting) {
				throw new IllegalStateException("this JVM is ending");
			}
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(directory.resolve(name + ".log").toFile())
					.start();
				ChildJvm child = new ChildJvm(process, peakFile);
				running.add(child);
				return child;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start " + command, ex);
			}
		}
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	int waitFor(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			end(STOP_TIMEOUT);
			throw new IllegalStateException("child JVM did not end within " + timeout);
		}
		forget(this);
		return this.process.exitValue();
	}

	/**
	 * SIGTERM, so that the peak is written, and wait for the end; SIGKILL if it does not
	 * come.
	 */
	void stop() {
		end(STOP_TIMEOUT);
	}

	/**
	 * SIGKILL: nothing runs on the way out. A server's embedded PostgreSQL lives on until
	 * the next server on the same data directory stops it, or this JVM ends.
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(60, TimeUnit.SECONDS);
		forget(this);
	}

	/**
	 * @return the most heap in use at once and the most in use after a collection
	 * (bytes), and VmHWM (KiB), as the child wrote them as it ended
	 */
	long[] peaks() throws IOException {
		if (!Files.exists(this.peakFile)) {
			return null;
		}
		Properties properties = new Properties();
		try (var reader = Files.newBufferedReader(this.peakFile)) {
			properties.load(reader);
		}
		return new long[] { Long.parseLong(properties.getProperty("heapInUse")),
				Long.parseLong(properties.getProperty("heapAfterCollection")),
				Long.parseLong(properties.getProperty("vmHwmKiB")) };
	}

	/**
	 * Stops the child if it still runs, as {@link #stop()} does: a SIGKILL would leave a
	 * server's PostgreSQL running.
	 */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			end(STOP_TIMEOUT);
		}
		forget(this);
	}

	private void end(Duration timeout) {
		this.process.destroy();
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		forget(this);
	}

	private static synchronized void forget(ChildJvm child) {
		running.remove(child);
	}

	private static void endAll() {
		List<ChildJvm> children;
		List<Path> directories;
		synchronized (ChildJvm.class) {
			exiting = true;
			children = List.copyOf(running);
			directories = List.copyOf(dataDirectories);
		}
		children.forEach((child) -> child.end(EXIT_TIMEOUT));
		// Every server has ended by now: a PostgreSQL still running on one of their data
		// directories was left behind by a SIGKILL.
		directories.forEach(ChildJvm::stopPostgres);
	}

	private static void stopPostgres(Path dataDirectory) {
		try {
			Path pidFile = dataDirectory.resolve("postmaster.pid");
			List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
			Optional<ProcessHandle> postmaster = (lines.isEmpty() || lines.get(0).isBlank()) ? Optional.empty()
					: ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
						.filter((process) -> process.info().command().orElse("").contains("postgres"));
			if (postmaster.isPresent()) {
				// SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for
				// clients that died with the killed server.
				new ProcessBuilder("kill", "-INT", Long.toString(postmaster.get().pid())).inheritIO().start().waitFor();
			}
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("Could not stop the PostgreSQL of " + dataDirectory + ": " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
