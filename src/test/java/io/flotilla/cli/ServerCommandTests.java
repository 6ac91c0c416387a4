package io.flotilla.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
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

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
