package io.flotilla.cli.account;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import io.flotilla.cli.client.CliException;
import io.flotilla.cli.client.ExitCodes;

/**
 * A password as a person types it at the console, unseen, or as a script passes it on the
 * first line of standard input ({@code --password-stdin}); never as an argument, which
 * the process list and the shell's history would show.
 */
final class PasswordInput {

	private PasswordInput() {
	}

	/**
	 * @param fromStdin whether to read standard input's first line instead of the console
	 * @param prompt what the console asks, such as {@code password for alice: }
	 * @param twice whether the console asks a second time to catch a typo, as for a new
	 * password
	 * @throws CliException when there is nothing to read from, the password is empty, or
	 * the two typed differ
	 */
	static String read(boolean fromStdin, String prompt, boolean twice) {
		String password = fromStdin ? firstLineOfStdin() : fromConsole(prompt, twice);
		if (password.isEmpty()) {
			throw new CliException(ExitCodes.BAD_INPUT, "the password is empty");
		}
		return password;
	}

	private static String fromConsole(String prompt, boolean twice) {
		Console console = System.console();
		if (console == null) {
			throw new CliException(ExitCodes.BAD_INPUT,
					"there is no console to type the password in: pass --password-stdin and write it to stdin");
		}
		String password = typed(console, prompt);
		if (twice && !password.equals(typed(console, "again: "))) {
			throw new CliException(ExitCodes.BAD_INPUT, "the passwords typed differ");
		}
		return password;
	}

	private static String typed(Console console, String prompt) {
		char[] typed = console.readPassword("%s", prompt);
		if (typed == null) {
			throw new CliException(ExitCodes.BAD_INPUT, "no password typed");
		}
		return new String(typed);
	}

	/**
	 * The first line of standard input, which is left open: a script may write more.
	 */
	private static String firstLineOfStdin() {
		try {
			String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
			if (line == null) {
				throw new CliException(ExitCodes.BAD_INPUT, "--password-stdin: standard input is empty");
			}
			return line;
		}
		catch (IOException ex) {
			throw new CliException(ExitCodes.FAILED,
					"cannot read the password from standard input: " + ex.getMessage());
		}
	}

}
