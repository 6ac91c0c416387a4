package io.flotilla.cli;

/**
 * The exit codes every command keeps to, so scripts can tell a failed release from a
 * typo.
 */
final class ExitCodes {

	static final int OK = 0;

	static final int FAILED = 1;

	static final int BAD_INPUT = 2;

	private ExitCodes() {
	}

}
