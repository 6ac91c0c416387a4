package io.flotilla.cli;

/**
 * A command that cannot go on; its message is printed as it is, without a stack trace.
 */
class CliException extends RuntimeException {

	private final int exitCode;

	CliException(int exitCode, String message) {
		super(message);
		this.exitCode = exitCode;
	}

	int exitCode() {
		return this.exitCode;
	}

}
