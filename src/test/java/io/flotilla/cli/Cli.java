package io.flotilla.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

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
	 * What a command printed and how it exited.
	 */
	record Run(int exitCode, String out, String err) {

	}

}
