package io.flotilla.cli;

import io.flotilla.cli.client.ExitCodes;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class FlotillaCliTests {

	private final Logger zonky = LoggerFactory.getLogger(EmbeddedPostgres.class);

	@Test
	void embeddedPostgresLogsOnlyWarningsUntilSpringConfiguresLogging() {
		FlotillaCli.quietLoggingUntilSpringConfiguresIt();

		assertThat(this.zonky.isInfoEnabled()).isFalse();
		assertThat(this.zonky.isWarnEnabled()).isTrue();

		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.beforeInitialize();
		logging.initialize(new LoggingInitializationContext(new MockEnvironment()), null, null);
		try {
			assertThat(this.zonky.isInfoEnabled()).isTrue();
		}
		finally {
			logging.cleanUp();
		}
	}

	@Test
	void everyCommandAnswersHelpWithItsUsageAndNoFormattingWarning() {
		List<List<String>> commands = new ArrayList<>();
		commands.add(List.of());
		FlotillaCli.commandLine().getSubcommands().values().forEach((sub) -> collect(sub, List.of(), commands));

		assertThat(commands).hasSizeGreaterThan(10);
		for (List<String> command : commands) {
			CommandLine commandLine = FlotillaCli.commandLine();
			StringWriter out = new StringWriter();
			StringWriter err = new StringWriter();
			commandLine.setOut(new PrintWriter(out));
			commandLine.setErr(new PrintWriter(err));
			List<String> args = new ArrayList<>(command);
			args.add("--help");

			int exitCode = commandLine.execute(args.toArray(String[]::new));

			assertThat(exitCode).as("exit code of %s", args).isEqualTo(ExitCodes.OK);
			assertThat(err.toString()).as("errors of %s", args).isEmpty();
			assertThat(out.toString()).as("usage of %s", args)
				.startsWith(String.join(" ", usagePrefix(command)))
				.doesNotContain("%n");
		}
	}

	@Test
	void benchRefusesAFigureItDoesNotHave() {
		CommandLine commandLine = FlotillaCli.commandLine();
		StringWriter err = new StringWriter();
		commandLine.setErr(new PrintWriter(err));

		int exitCode = commandLine.execute("bench", "--only", "3,9");

		assertThat(exitCode).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(err.toString()).isEqualTo("error: --only takes figures 1 to 8, not 9" + System.lineSeparator());
	}

	@Test
	void sandboxUsageShowsAShareAsAPercentage() {
		CommandLine commandLine = FlotillaCli.commandLine();
		StringWriter out = new StringWriter();
		commandLine.setOut(new PrintWriter(out));

		commandLine.execute("sandbox", "--help");

		assertThat(out.toString()).contains("e.g. 0.02 or 2%");
	}

	@Test
	void theDemoAndTheSandboxShareTheFleetOptionsWithTheirOwnDefaults() {
		// given
		CommandLine commandLine = FlotillaCli.commandLine();

		// when
		DemoCommand demo = parsed(commandLine, DemoCommand.class, "demo", "--clusters", "40", "--api-error-rate", "5%");
		SandboxCommand sandbox = parsed(FlotillaCli.commandLine(), SandboxCommand.class, "sandbox");

		// then
		assertThat(demo.fleet.clusters).isEqualTo(40);
		assertThat(demo.fleet.apiErrorRate).isEqualTo(0.05);
		assertThat(demo.fleet.failRate).isEqualTo(0.02);
		assertThat(demo.fleet.slowRate).isEqualTo(0.05);
		assertThat(demo.fleet.podRestart).isEqualTo(Duration.ofMillis(500));
		assertThat(sandbox.fleet.failRate).isZero();
		assertThat(sandbox.fleet.slowRate).isZero();
		assertThat(sandbox.fleet.podRestart).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void theDemosSandboxChildGetsTheFleetTheDemoWasGiven() {
		// given
		DemoCommand demo = parsed(FlotillaCli.commandLine(), DemoCommand.class, "demo", "--regions", "2",
				"--pod-restart-tail", "3s", "--seed", "9");
		List<String> child = new ArrayList<>(List.of("sandbox"));
		child.addAll(demo.fleet.arguments());

		// when
		SandboxCommand sandbox = parsed(FlotillaCli.commandLine(), SandboxCommand.class, child.toArray(String[]::new));

		// then
		Path directory = Path.of("unused");
		assertThat(sandbox.fleet.sandbox(directory)).isEqualTo(demo.fleet.sandbox(directory));
	}

	private static <T> T parsed(CommandLine commandLine, Class<T> command, String... args) {
		List<CommandLine> parsed = commandLine.parseArgs(args).asCommandLineList();
		return command.cast(parsed.get(parsed.size() - 1).getCommand());
	}

	private static List<String> usagePrefix(List<String> command) {
		List<String> words = new ArrayList<>(List.of("Usage:", "flotilla"));
		words.addAll(command);
		return words;
	}

	private static void collect(CommandLine commandLine, List<String> path, List<List<String>> commands) {
		List<String> here = new ArrayList<>(path);
		here.add(commandLine.getCommandName());
		commands.add(here);
		commandLine.getSubcommands().values().forEach((sub) -> collect(sub, here, commands));
	}

}
