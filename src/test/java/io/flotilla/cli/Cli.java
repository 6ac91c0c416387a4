package io.flotilla.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

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
	 * What a command printed and how it exited.
	 */
	record Run(int exitCode, String out, String err) {

	}

}
