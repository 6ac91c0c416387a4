package io.flotilla.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.flotilla.cli.Cli.Run;
import io.flotilla.cli.client.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code flotilla rehearse} refuses before it starts anything.
 */
class RehearseCommandTests {

	@TempDir
	Path directory;

	@Test
	void refusesAPlanThatIsNotThere() {
		Path missing = this.directory.resolve("missing.yaml");

		Run run = Cli.run("rehearse", missing.toString(), "--dir", this.directory.toString());

		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).isEqualTo("error: " + missing + ": does not exist\n");
	}

	@Test
	void refusesNoRunsAndNoSpeedSayingWhatItTakes() throws IOException {
		Path plan = Files.writeString(this.directory.resolve("plan.yaml"), "name: p\n");

		Run noRuns = Cli.run("rehearse", plan.toString(), "--runs", "0", "--dir", this.directory.toString());
		Run noSpeed = Cli.run("rehearse", plan.toString(), "--speed", "0", "--dir", this.directory.toString());

		assertThat(noRuns.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(noRuns.err()).isEqualTo("error: --runs must be at least 1, was 0\n");
		assertThat(noSpeed.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(noSpeed.err()).isEqualTo("error: --speed must be at least 1 (1 is real time), was 0\n");
	}

	@Test
	void refusesAnInvalidPlanAtItsPlaceBeforeAnyRun() throws IOException {
		Path plan = Files.writeString(this.directory.resolve("plan.yaml"), """
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				stages:
				  - name: prod
				    production: maybe
				    groups: [{name: g, contexts: [c]}]
				""");

		Run run = Cli.run("rehearse", plan.toString(), "--dir", this.directory.toString());

		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains("invalid plan", plan + ":6:17: stages[0].production: must be true or false");
		assertThat(this.directory.resolve("pgdata")).doesNotExist();
	}

}
