package io.flotilla.cli.client;

/**
 * A command that cannot go on; its message is printed as it is, without a stack trace.
 */
public class CliException extends RuntimeException {

	private final int exitCode;

	public CliException(int exitCode, String message) {
		super(message);
		this.exitCode = exitCode;
	}

	public int exitCode() {
		return this.exitCode;
	}

}
