package io.flotilla.cli;

import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.CliException;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Another {@code flotilla} process started from this one, with the same Java and the same
 * classes: the demo runs its sandbox fleet in one, so that the fleet lives apart from the
 * server as it would in production.
 */
final class ChildProcess implements AutoCloseable {

	private final Process process;

	private final BufferedReader output;

	private ChildProcess(Process process) {
		this.process = process;
		this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	static ChildProcess start(List<String> flotillaArguments, Path log) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		String classPath = System.getProperty("java.class.path");
		if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
			command.add("-jar");
			command.add(classPath);
		}
		else {
			command.add("-cp");
			command.add(classPath);
			command.add(FlotillaCli.class.getName());
		}
		command.addAll(flotillaArguments);
		try {
			return new ChildProcess(new ProcessBuilder(command).redirectError(log.toFile()).start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
	}

	/**
	 * Reads the child's output until a line starts with {@code prefix}, passing the lines
	 * before it on.
	 * @return the rest of that line
	 */
	String awaitLine(String prefix, Consumer<String> earlierLines) {
		try {
			for (String line = this.output.readLine(); line != null; line = this.output.readLine()) {
				if (line.startsWith(prefix)) {
					return line.substring(prefix.length());
				}
				earlierLines.accept(line);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new CliException(ExitCodes.FAILED,
				"the child process ended before it was ready (exit code " + this.process.exitValue() + ")");
	}

	@Override
	public void close() {
		this.process.destroy();
	}

}
