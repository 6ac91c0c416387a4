package io.flotilla.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;

import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.Cli.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static io.flotilla.cli.Cli.run;
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

		Run run = run("server", "--port", "0", "--kubeconfig", missing.toString());

		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err())
			.isEqualTo("error: the kubeconfig " + missing + " does not exist: the server would refuse every plan\n");
		assertThat(ServerCommand.isServing()).isFalse();
	}

	@Test
	void checkOnlyExitsWhereItWouldStartAndAnswersHelpAndBadUsageAsAlways() {
		assertThat(run("server", "--check-only", "--port", "0").exitCode()).isEqualTo(ServerCommand.WOULD_START);
		Run help = run("server", "--check-only", "--help");
		assertThat(help.exitCode()).isEqualTo(ExitCodes.OK);
		assertThat(help.out()).startsWith("Usage: flotilla server").doesNotContain("--check-only");
		Run badUsage = run("server", "--check-only", "--port", "eighty");
		assertThat(badUsage.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(badUsage.err()).startsWith("error: Invalid value for option '--port': 'eighty' is not an int");
		assertThat(run("server", "--check-only", "--kubeconfig", "no-such-kubeconfig").exitCode())
			.isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(ServerCommand.isServing()).isFalse();
	}

	@Test
	void schedulesSetsTheSchedulesDirectory() {
		ServerCommand server = new ServerCommand();
		new CommandLine(server).parseArgs("--schedules", "ops/schedules", "--flotilla.schedules.plans=ops/plans");

		assertThat(server.arguments()).containsExactly("--flotilla.schedules.plans=ops/plans",
				"--flotilla.schedules.directory=ops/schedules");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
