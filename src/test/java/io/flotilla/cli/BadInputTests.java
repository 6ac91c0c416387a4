package io.flotilla.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.flotilla.cli.Cli.Run;
import io.flotilla.release.ReleaseIds;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.flotilla.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input the command line can tell is wrong is refused before anything is sent: one line
 * that says what is wrong, exit 2, no request to the server.
 */
class BadInputTests {

	private static final List<List<String>> TAKING_AN_ID = List.of(List.of("release", "status"),
			List.of("release", "status", "--json"), List.of("release", "pause"), List.of("release", "resume"),
			List.of("release", "continue"), List.of("release", "reset"), List.of("release", "cancel"),
			List.of("release", "events"), List.of("claims", "--release"));

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "my release", "../releases", "x/../acc-run", "acc-run/", "My_Release", "" })
	void everyCommandRefusesAnInvalidReleaseIdWithTheRuleAndSendsNothing(String id) throws IOException {
		Path plan = Files.writeString(this.directory.resolve("plan.yaml"), "name: any\n");
		List<List<String>> commands = new ArrayList<>(TAKING_AN_ID);
		commands.add(List.of("release", "start", plan.toString(), "--id"));
		try (OtherHttpService server = OtherHttpService.answering(200, "application/json", "{}")) {
			for (List<String> command : commands) {
				List<String> args = new ArrayList<>(command);
				args.addAll(List.of(id, "--server", server.url()));

				Run run = run(args.toArray(String[]::new));

				assertThat(run.exitCode()).as("exit code of %s", args).isEqualTo(ExitCodes.BAD_INPUT);
				assertThat(run.err()).as("errors of %s", args)
					.isEqualTo("error: release id '" + id + "' is not valid: " + ReleaseIds.RULE + "\n");
				assertThat(run.out()).as("output of %s", args).isEmpty();
			}
			assertThat(server.requests()).isEmpty();
		}
	}

}
