package io.flotilla.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine;

/**
 * The {@code flotilla} command run in-process, with what it printed captured.
 */
final class Cli {

	private Cli() {
	}

	static Run run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine commandLine = FlotillaCli.commandLine();
		commandLine.setOut(new PrintWriter(out, true));
		commandLine.setErr(new PrintWriter(err, true));
		int exitCode = commandLine.execute(args);
		return new Run(exitCode, out.toString(), err.toString());
	}

	/**
	 * Runs the command with the input given as its standard input, as a script pipes a
	 * password to {@code --password-stdin}.
	 */
	static Run runWithInput(String input, String... args) {
		InputStream stdin = System.in;
		System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
		try {
			return run(args);
		}
		finally {
			System.setIn(stdin);
		}
	}

	/**
	 * {@code flotilla login}, the password piped in: the token goes to the token file.
	 */
	static Run login(String server, String user, String password) {
		return runWithInput(password + "\n", "login", "--server", server, "--user", user, "--password-stdin");
	}

	/**
	 * Runs the command in a JVM of its own, for a command that starts servers in its
	 * process: their logging settings (a console turned off) would otherwise stay with
	 * this JVM's later tests.
	 * @param directory where its output is kept
	 */
	static Run runApart(Path directory, Duration timeout, String... args) throws IOException, InterruptedException {
		Path out = directory.resolve("cli.out");
		Path err = directory.resolve("cli.err");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp",
						System.getProperty("java.class.path"), FlotillaCli.class.getName()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly().waitFor();
			throw new IllegalStateException("flotilla " + String.join(" ", args) + " did not end within " + timeout
					+ "; it wrote: " + Files.readString(err));
		}
		return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
	}

	/**
	 * What a command printed and how it exited.
	 */
	record Run(int exitCode, String out, String err) {

	}

}
