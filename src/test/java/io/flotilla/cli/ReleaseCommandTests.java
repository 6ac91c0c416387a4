package io.flotilla.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.flotilla.cli.Cli.Run;
import io.flotilla.cli.client.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.flotilla.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code release start --break-glass} and {@code release restart} against a service that
 * answers every request with one release: what they refuse, what they send and what they
 * print.
 */
class ReleaseCommandTests {

	@RegisterExtension
	final TokenFile tokenFile = TokenFile.holding("flt_any");

	@TempDir
	Path directory;

	@Test
	void breakGlassAndItsReasonGoTogetherAndNothingIsSentOtherwise() throws IOException {
		// given
		Path plan = Files.writeString(this.directory.resolve("plan.yaml"), "name: any\n");
		try (OtherHttpService server = OtherHttpService.answering(201, "application/json", release("r1", "RUNNING"))) {
			// when
			Run noReason = run("release", "start", plan.toString(), "--break-glass", "--server", server.url());
			Run blankReason = run("release", "start", plan.toString(), "--break-glass", "--reason", "  ", "--server",
					server.url());
			Run reasonAlone = run("release", "start", plan.toString(), "--reason", "hotfix", "--server", server.url());

			// then
			for (Run run : List.of(noReason, blankReason, reasonAlone)) {
				assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
				assertThat(run.out()).isEmpty();
			}
			assertThat(noReason.err()).startsWith(
					"error: --break-glass needs --reason: say why the release must run through freezes\nUsage: ");
			assertThat(blankReason.err()).startsWith("error: --break-glass needs --reason");
			assertThat(reasonAlone.err())
				.startsWith("error: --reason goes with --break-glass: a start through freezes says why\nUsage: ");
			assertThat(server.requests()).isEmpty();
		}
	}

	@Test
	void aBreakGlassStartSaysLoudlyThatFreezesDoNotHoldIt() throws IOException {
		// given
		Path plan = Files.writeString(this.directory.resolve("plan.yaml"), "name: any\n");
		try (OtherHttpService server = OtherHttpService.answering(201, "application/json", release("r1", "STARTING"))) {
			// when
			Run run = run("release", "start", plan.toString(), "--break-glass", "--reason", "hotfix for incident 9",
					"--server", server.url());

			// then
			assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
			assertThat(run.out().lines()).containsExactly("started release r1 of plan any -> 25.3",
					"BREAK GLASS: freezes do not hold release r1; its windows still do (recorded as "
							+ "release.break-glass: hotfix for incident 9)",
					"follow it with: flotilla release status r1");
			assertThat(server.requests()).containsExactly("POST /api/releases");
		}
	}

	@Test
	void restartReadsTheReleaseFirstAndRefusesOneThatIsNotFailed() {
		for (String state : List.of("RUNNING", "PAUSED", "COMPLETED", "WAITING_FOR_WINDOW")) {
			try (OtherHttpService server = OtherHttpService.answering(200, "application/json", release("r1", state))) {
				// when
				Run run = run("release", "restart", "r1", "--server", server.url());

				// then
				assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
				assertThat(run.out()).isEmpty();
				assertThat(run.err()).isEqualTo("error: release r1 is " + state
						+ "; restart applies to a FAILED release (use resume for a paused one)\n");
				assertThat(server.requests()).containsExactly("GET /api/releases/r1");
			}
		}
	}

	@Test
	void restartSendsResumeToAFailedRelease() {
		try (OtherHttpService server = OtherHttpService.answering(200, "application/json", release("r1", "FAILED"))) {
			// when
			Run run = run("release", "restart", "r1", "--reason", "the API server is back", "--server", server.url());

			// then
			assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
			assertThat(server.requests()).containsExactly("GET /api/releases/r1", "POST /api/releases/r1/resume");
			assertThat(run.out()).isEqualTo("restart: sent resume, release r1 is FAILED\n");
		}
	}

	private static String release(String id, String state) {
		return """
				{"id": "%s", "plan": "any", "planFile": "plan.yaml", "targetVersion": "25.3", "state": "%s",
				 "reason": null, "startedBy": "tester", "createdAt": "2026-12-01T10:00:00Z",
				 "updatedAt": "2026-12-01T10:00:00Z", "stages": []}""".formatted(id, state);
	}

}
