package io.flotilla.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.flotilla.cli.client.ExitCodes;
import io.flotilla.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class FleetOptionsTests {

	@Test
	void breaksTakesAShareForAnyVersionAndSharesPerVersionRepeatedOrCommaSeparated() {
		// when
		SandboxCommand sandbox = parsed(SandboxCommand.class, "sandbox", "--breaks", "1%,25.3=5%", "--breaks",
				"24.8=0.5", "--break-after", "2s");

		// then
		SandboxOptions options = sandbox.fleet.sandbox(Path.of("unused"));
		assertThat(options.breaks().share()).isEqualTo(0.01);
		assertThat(options.breaks().perVersion()).isEqualTo(Map.of("25.3", 0.05, "24.8", 0.5));
		assertThat(options.breakAfter()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void noBreaksByDefault() {
		SandboxCommand sandbox = parsed(SandboxCommand.class, "sandbox");

		SandboxOptions options = sandbox.fleet.sandbox(Path.of("unused"));
		assertThat(options.breaks().any()).isFalse();
		assertThat(options.breakAfter()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void theDemosSandboxChildBreaksAsTheDemoWasTold() {
		// given
		DemoCommand demo = parsed(DemoCommand.class, "demo", "--breaks", "25.3=2%", "--breaks", "0.1", "--break-after",
				"5s");
		List<String> child = new ArrayList<>(List.of("sandbox"));
		child.addAll(demo.fleet.arguments());

		// when
		SandboxCommand sandbox = parsed(SandboxCommand.class, child.toArray(String[]::new));

		// then
		Path directory = Path.of("unused");
		assertThat(sandbox.fleet.sandbox(directory)).isEqualTo(demo.fleet.sandbox(directory));
		assertThat(sandbox.fleet.sandbox(directory).breaks().shareAt("25.3")).isEqualTo(0.02);
	}

	@Test
	void aBadBreaksRuleIsBadInput() {
		for (String rule : List.of("lots", "25.3=", "=2%", "150%", "25.3=-1", "1%,,2%")) {
			Cli.Run sandbox = Cli.run("sandbox", "--clusters", "1", "--breaks", rule);
			Cli.Run demo = Cli.run("demo", "--breaks", rule);

			assertThat(sandbox.exitCode()).as("sandbox --breaks %s", rule).isEqualTo(ExitCodes.BAD_INPUT);
			assertThat(demo.exitCode()).as("demo --breaks %s", rule).isEqualTo(ExitCodes.BAD_INPUT);
			assertThat(sandbox.err()).contains("breaks '" + rule + "'");
		}
	}

	private static <T> T parsed(Class<T> command, String... args) {
		CommandLine commandLine = FlotillaCli.commandLine();
		List<CommandLine> parsed = commandLine.parseArgs(args).asCommandLineList();
		return command.cast(parsed.get(parsed.size() - 1).getCommand());
	}

}
