package io.flotilla.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.Cli.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.flotilla.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a token, every command that asks the server is refused before it sends
 * anything, with how to get one.
 */
class NotLoggedInTests {

	@RegisterExtension
	final TokenFile tokenFile = TokenFile.missing();

	@TempDir
	Path directory;

	@Test
	void everyCommandThatAsksTheServerSaysHowToLogIn() throws IOException {
		// given
		Path plan = Files.writeString(this.directory.resolve("plan.yaml"), "name: any\n");
		List<List<String>> commands = List.of(List.of("release", "start", plan.toString()),
				List.of("release", "status", "r1"), List.of("release", "status", "r1", "--json"),
				List.of("release", "list"), List.of("release", "pause", "r1"),
				List.of("release", "pause", "--all", "--reason", "outage"), List.of("release", "resume", "r1"),
				List.of("release", "events", "r1"), List.of("claims"), List.of("token", "create", "--name", "ci"),
				List.of("token", "list"), List.of("token", "revoke", "1"), List.of("user", "list"),
				List.of("user", "disable", "bob"));
		try (OtherHttpService server = OtherHttpService.answering(200, "application/json", "[]")) {
			for (List<String> command : commands) {
				List<String> args = new ArrayList<>(command);
				args.addAll(List.of("--server", server.url()));

				// when
				Run run = run(args.toArray(String[]::new));

				// then
				assertThat(run.exitCode()).as("exit code of %s", args).isEqualTo(ExitCodes.BAD_INPUT);
				assertThat(run.out()).as("output of %s", args).isEmpty();
				assertThat(run.err()).as("errors of %s", args)
					.isEqualTo("error: not logged in to " + server.url()
							+ "/: run 'flotilla login --server URL' (or set FLOTILLA_TOKEN)\n");
			}
			assertThat(server.requests()).isEmpty();
		}
	}

	@Test
	void anEmptyTokenFileIsNoLogin() throws IOException {
		// given
		Files.writeString(this.tokenFile.path(), "\n");

		try (OtherHttpService server = OtherHttpService.answering(200, "application/json", "[]")) {
			// when
			Run run = run("release", "list", "--server", server.url());

			// then
			assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
			assertThat(run.err()).isEqualTo("error: the token file " + this.tokenFile.path()
					+ " is empty: run 'flotilla login --server URL'\n");
			assertThat(server.requests()).isEmpty();
		}
	}

}
