package io.flotilla.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class ServerCommandTests {

	@Test
	void refusesToStartWhenTheDatabaseCannotBeReached() throws IOException {
		int closedPort = freePort();
		CommandLine command = FlotillaCli.commandLine();
		StringWriter err = new StringWriter();
		command.setErr(new PrintWriter(err));

		int exitCode = command.execute("server", "--port", "0", "--db-url",
				"jdbc:postgresql://127.0.0.1:" + closedPort + "/flotilla");

		assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
		assertThat(err.toString()).startsWith("error: cannot connect to the database at jdbc:postgresql://127.0.0.1:"
				+ closedPort + "/flotilla: Connection refused");
		assertThat(ServerCommand.isServing()).isFalse();
	}

	@Test
	void refusesToStartWithAKubeconfigThatDoesNotExist(@TempDir Path directory) {
		Path missing = directory.resolve("kubeconfig");
		CommandLine command = FlotillaCli.commandLine();
		StringWriter err = new StringWriter();
		command.setErr(new PrintWriter(err));

		int exitCode = command.execute("server", "--port", "0", "--kubeconfig", missing.toString());

		assertThat(exitCode).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(err.toString()).isEqualTo("error: the kubeconfig " + missing
				+ " does not exist: the server would refuse every plan" + System.lineSeparator());
		assertThat(ServerCommand.isServing()).isFalse();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
