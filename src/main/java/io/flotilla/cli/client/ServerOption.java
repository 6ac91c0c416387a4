package io.flotilla.cli.client;

import java.io.PrintWriter;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every command that talks to a server shares: its {@code --server} option, and a
 * client of it that sends the caller's token.
 */
public class ServerOption {

	@Option(names = "--server", description = "URL of the Flotilla server (default: ${DEFAULT-VALUE})",
			defaultValue = "http://127.0.0.1:8080")
	private String server;

	@Spec
	private CommandSpec spec;

	public ServerClient client() {
		return new ServerClient(this.server);
	}

	public PrintWriter out() {
		return this.spec.commandLine().getOut();
	}

	public PrintWriter err() {
		return this.spec.commandLine().getErr();
	}

	/**
	 * Bad usage, answered as a parse error is: the message, the usage, exit 2.
	 */
	public ParameterException usageError(String message) {
		return new ParameterException(this.spec.commandLine(), message);
	}

}
