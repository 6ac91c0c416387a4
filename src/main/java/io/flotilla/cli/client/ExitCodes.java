package io.flotilla.cli.client;

/**
 * The exit codes every command keeps to, so scripts can tell a failed release from a
 * typo.
 */
public final class ExitCodes {

	public static final int OK = 0;

	public static final int FAILED = 1;

	public static final int BAD_INPUT = 2;

	private ExitCodes() {
	}

}
