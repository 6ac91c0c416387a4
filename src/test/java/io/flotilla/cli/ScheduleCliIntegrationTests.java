package io.flotilla.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.flotilla.cli.Cli.Run;
import io.flotilla.control.ReleaseState;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestAccounts;
import io.flotilla.support.TestActors;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestPlans;
import io.flotilla.support.TestSchedules;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.flotilla.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code schedule} commands against the running test server, as the operator
 * {@value ServerUnderTest#TESTER}: the list, a pause and a resume, a fire by hand, and
 * what a viewer is told.
 */
class ScheduleCliIntegrationTests extends ServerUnderTest {

	private static final String CONTEXT = "schedule-cli-1";

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(3, List.of(CONTEXT)));

	static final TestSchedules schedules = TestSchedules.create("schedule-cli")
		.plan("nightly", TestPlans.plan("nightly", """
				approval: required
				onConflict: skip
				stages:
				  - name: only
				    groups:
				      - name: all
				        contexts: [%s]
				""".formatted(CONTEXT)))
		.schedule("nightly", """
				plan: nightly
				cron: "0 30 2 1 1 ? 2099"
				timeZone: America/New_York
				version: "25.3"
				runAs: %s
				""".formatted(TestAccounts.ADMIN));

	@RegisterExtension
	final TokenFile tokenFile = TokenFile.missing();

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
		schedules.register(registry);
	}

	/**
	 * The schedule runs as the first admin, who is created after the server first read
	 * the directory: read once more, it is valid.
	 */
	@BeforeEach
	void logInAndLoad() throws IOException {
		this.tokenFile.write(this.http.token());
		if (!run("schedule", "show", "nightly", "--server", server()).out().contains(": active\n")) {
			schedules.touch();
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(run("schedule", "show", "nightly", "--server", server()).out())
				.startsWith("schedule nightly from " + schedules.file("nightly") + ": active\n"));
	}

	@Test
	void listPauseResumeAndTriggerThroughTheServer() {
		// when
		Run list = run("schedule", "list", "--server", server());

		// then
		assertThat(list.exitCode()).as(list.err()).isZero();
		assertThat(list.out().lines()).containsExactly(
				"NAME     PLAN     CRON                                  NEXT FIRE                                 NEXT FIRE UTC         STATE   LAST FIRE",
				"nightly  nightly  0 30 2 1 1 ? 2099 (America/New_York)  Thu 2099-01-01 02:30:00 America/New_York  2099-01-01 07:30:00Z  active  -");

		// when
		Run paused = run("schedule", "pause", "nightly", "--reason", "freeze", "--server", server());
		Run again = run("schedule", "pause", "nightly", "--server", server());
		Run shown = run("schedule", "show", "nightly", "--server", server());

		// then
		assertThat(paused.exitCode()).as(paused.err()).isZero();
		assertThat(paused.out()).isEqualTo("pause: schedule nightly is paused\n");
		assertThat(again.exitCode()).isEqualTo(2);
		assertThat(again.err()).isEqualTo("error: schedule nightly is paused already\n");
		assertThat(shown.out()).startsWith("schedule nightly from " + schedules.file("nightly") + ": paused\n")
			.contains("  next fire:   none (paused)\n");

		// when
		Run resumed = run("schedule", "resume", "nightly", "--reason", "thawed", "--server", server());

		// then
		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		assertThat(resumed.out()).isEqualTo("resume: schedule nightly is active, next fire "
				+ "Thu 2099-01-01 02:30:00 America/New_York (2099-01-01 07:30:00Z)\n");

		// when
		Run fired = run("schedule", "trigger", "nightly", "--server", server());

		// then
		assertThat(fired.exitCode()).as(fired.err()).isZero();
		assertThat(fired.out()).matches("trigger: schedule nightly started release (nightly-\\d{8}-\\d{6}) at "
				+ "version 25\\.3\nfollow it with: flotilla release status \\1\n");
		String id = fired.out().split(" ")[5];
		assertThat(this.releases.status(id).startedBy()).isEqualTo(TestAccounts.ADMIN);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.releases.status(id).state() == ReleaseState.AWAITING_APPROVAL);
		assertThat(run("schedule", "list", "--server", server()).out().lines().toList().get(1))
			.endsWith("  active  started " + id);

		// when
		Run skipped = run("schedule", "trigger", "nightly", "--server", server());

		// then
		assertThat(skipped.exitCode()).isEqualTo(1);
		assertThat(skipped.out()).isEqualTo("trigger: schedule nightly skipped: release " + id
				+ " of this schedule is still active (overlap: skip)\n");
	}

	@Test
	void aViewerIsToldTheirRoleMayNotAndAnUnknownScheduleIsNamed() throws IOException {
		// given
		this.tokenFile.write(as(TestActors.viewer("vera")).token());

		// when
		Run paused = run("schedule", "pause", "nightly", "--server", server());
		Run unknown = run("schedule", "show", "weekly", "--server", server());

		// then
		assertThat(paused.exitCode()).isEqualTo(2);
		assertThat(paused.err()).isEqualTo("error: your role may not POST /api/schedules/nightly/pause\n");
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.err()).isEqualTo("error: no schedule named weekly\n");
	}

	private String server() {
		return "http://127.0.0.1:" + this.port;
	}

}
