package io.flotilla.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A {@code flotilla} command in a JVM of its own, started through {@link PeakReporter} so
 * that it reports its peak heap and resident set size as it ends.
 */
final class ChildJvm implements AutoCloseable {

	static final String MAIN = "io.flotilla.cli.FlotillaCli";

	private final Process process;

	private final Path peakFile;

	private ChildJvm(Process process, Path peakFile) {
		this.process = process;
		this.peakFile = peakFile;
	}

	/**
	 * {@code flotilla server} on 127.0.0.1:{@code port} with its embedded PostgreSQL in
	 * {@code directory/pgdata}, so that a server started later on the same directory
	 * takes over its releases; its console (warnings only) goes to {@code name.log}, its
	 * log to {@code name-server.log}.
	 */
	static ChildJvm server(List<String> jvmOptions, Path kubeconfig, Path directory, int port, String name) {
		return start(jvmOptions, List.of("server", "--port", Integer.toString(port), "--kubeconfig",
				kubeconfig.toString(), "--flotilla.database.directory=" + directory.resolve("pgdata"),
				"--logging.file.name=" + directory.resolve(name + "-server.log"), "--logging.threshold.console=WARN"),
				directory, name);
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
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(directory.resolve(name + ".log").toFile())
				.start();
			return new ChildJvm(process, peakFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
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
			this.process.destroyForcibly();
			throw new IllegalStateException("child JVM did not end within " + timeout);
		}
		return this.process.exitValue();
	}

	/**
	 * SIGTERM, so that the peak is written, and wait for the end.
	 */
	void stop() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor(60, TimeUnit.SECONDS);
	}

	/**
	 * SIGKILL: nothing runs on the way out.
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(60, TimeUnit.SECONDS);
	}

	/**
	 * @return the heap pool peaks (bytes) and VmHWM (KiB) the child wrote as it ended
	 */
	long[] peaks() throws IOException {
		if (!Files.exists(this.peakFile)) {
			return null;
		}
		Properties properties = new Properties();
		try (var reader = Files.newBufferedReader(this.peakFile)) {
			properties.load(reader);
		}
		return new long[] { Long.parseLong(properties.getProperty("heapPoolPeaks")),
				Long.parseLong(properties.getProperty("vmHwmKiB")) };
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

}
