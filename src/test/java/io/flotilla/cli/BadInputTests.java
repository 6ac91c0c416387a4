package io.flotilla.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.Cli.Run;
import io.flotilla.release.ReleaseIds;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

	@RegisterExtension
	final TokenFile tokenFile = TokenFile.holding("flt_any");

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

	@Test
	void aPlanFileThatIsNotThereOrIsADirectoryIsSaidInWordsWithoutAPosition() throws IOException {
		Path missing = this.directory.resolve("11-does-not-exist.yaml");
		Path folder = Files.createDirectory(this.directory.resolve("plans.yaml"));

		for (Path file : List.of(missing, folder)) {
			String expected = "error: " + file
					+ ((file == missing) ? ": does not exist\n" : ": is a directory, not a plan file\n");
			assertThat(unreadable(file)).allSatisfy((run) -> {
				assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
				assertThat(run.err()).isEqualTo(expected);
			});
		}
	}

	@Test
	void aPlanFileThatIsNotUtf8IsRefusedAtItsFirstByteThatIsNot() throws IOException {
		ByteArrayOutputStream latin1 = new ByteArrayOutputStream();
		latin1.writeBytes("name: menu\nselector: {app: crème-".getBytes(StandardCharsets.UTF_8));
		latin1.writeBytes("brûlée}\n".getBytes(StandardCharsets.ISO_8859_1));
		Path file = Files.write(this.directory.resolve("latin1.yaml"), latin1.toByteArray());

		assertThat(unreadable(file)).allSatisfy((run) -> {
			assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
			assertThat(run.err())
				.isEqualTo("error: " + file + ":2:25: is not UTF-8 (byte 0xFB); save the plan as UTF-8\n");
		});
	}

	@Test
	void anAliasBombIsAnInvalidPlanWithoutAPosition() throws IOException {
		StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
		for (char name = 'b'; name <= 'h'; name++) {
			String aliases = String.join(", ", Collections.nCopies(9, "*" + (char) (name - 1)));
			bomb.append("%s: &%s [%s]\n".formatted(name, name, aliases));
		}
		Path file = Files.writeString(this.directory.resolve("bomb.yaml"), bomb);

		Run run = run("plan", "validate", file.toString());

		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).isEqualTo("error: invalid plan\n" + file
				+ ": invalid YAML: more than 50 aliases (*name) of lists or maps: a plan may have at most 50,"
				+ " so that a small file cannot expand to an enormous one\n");
	}

	@Test
	void planShowWithAKubeconfigThatDoesNotExistSaysSo() throws IOException {
		Path plan = Files.writeString(this.directory.resolve("plan.yaml"), TestPlans.plan("p", """
				stages:
				  - name: dev
				    groups:
				      - name: us-east-1
				        contexts: [us-east-1]
				"""));
		Path missing = this.directory.resolve("kubeconfig");

		try (OtherHttpService server = OtherHttpService.answering(200, "application/json", "[]")) {
			Run run = run("plan", "show", plan.toString(), "--kubeconfig", missing.toString(), "--server",
					server.url());

			assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
			assertThat(run.err()).isEqualTo("error: unknown context 'us-east-1': the kubeconfig " + missing
					+ " does not exist (set --kubeconfig or flotilla.kubeconfig)\n");
		}
	}

	@Test
	void pauseTakesOneReleaseOrAllOfThemWithAReason() {
		try (OtherHttpService server = OtherHttpService.answering(200, "application/json", "[]")) {
			Run neither = run("release", "pause", "--server", server.url());
			Run both = run("release", "pause", "r1", "--all", "--reason", "outage", "--server", server.url());
			Run noReason = run("release", "pause", "--all", "--server", server.url());

			assertThat(List.of(neither, both, noReason)).allSatisfy((run) -> {
				assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
				assertThat(run.out()).isEmpty();
			});
			assertThat(neither.err())
				.startsWith("error: Missing required argument (specify one of these): (ID | --all)\nUsage: ");
			assertThat(both.err()).startsWith("error: ID, --all are mutually exclusive (specify only one)\nUsage: ");
			assertThat(noReason.err()).startsWith("error: --all needs --reason: say why every release stops\nUsage: ");
			assertThat(server.requests()).isEmpty();
		}
	}

	@Test
	void aRoleThatIsNoneIsRefusedWithTheRolesThereAre() {
		try (OtherHttpService server = OtherHttpService.answering(200, "application/json", "{}")) {
			for (Run run : List.of(run("token", "create", "--name", "ci", "--role", "boss", "--server", server.url()),
					run("user", "create", "bob", "--role", "boss", "--password-stdin", "--server", server.url()))) {
				assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
				assertThat(run.err()).startsWith(
						"error: Invalid value for option '--role': unknown role 'boss': use viewer, operator or admin\n");
			}
			assertThat(server.requests()).isEmpty();
		}
	}

	@Test
	void aUserNameAgainstTheRuleIsRefusedBeforeAPasswordIsAskedFor() {
		try (OtherHttpService server = OtherHttpService.answering(204, null, "")) {
			for (String name : List.of("../tokens", "a b", "a/b", "_x")) {
				for (Run run : List.of(run("user", "disable", name, "--server", server.url()),
						run("user", "passwd", name, "--server", server.url()),
						run("user", "create", name, "--role", "viewer", "--server", server.url()))) {
					assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
					assertThat(run.err()).isEqualTo("error: user name '" + name
							+ "' is not valid: up to 100 letters, digits and . _ @ -, starting with a letter or digit\n");
				}
			}
			assertThat(server.requests()).isEmpty();
		}
	}

	/**
	 * The plan file given to every command that reads one; {@code release start} sends
	 * nothing.
	 */
	private static List<Run> unreadable(Path file) {
		try (OtherHttpService server = OtherHttpService.answering(200, "application/json", "{}")) {
			List<Run> runs = List.of(run("plan", "validate", file.toString()),
					run("plan", "show", file.toString(), "--server", server.url()),
					run("release", "start", file.toString(), "--server", server.url()));
			assertThat(server.requests()).isEmpty();
			return runs;
		}
	}

}
