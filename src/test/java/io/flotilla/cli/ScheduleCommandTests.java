package io.flotilla.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.flotilla.cli.Cli.Run;
import io.flotilla.cli.client.ExitCodes;
import io.flotilla.schedule.ScheduleService.FireView;
import io.flotilla.schedule.ScheduleService.ScheduleView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.flotilla.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code schedule validate}, which needs no server, and how {@code schedule list} and
 * {@code show} print what a server answers.
 */
class ScheduleCommandTests {

	@TempDir
	Path directory;

	Path plans;

	@BeforeEach
	void plans() throws IOException {
		this.plans = Files.createDirectory(this.directory.resolve("plans"));
		Files.writeString(this.plans.resolve("nightly.yaml"), "name: nightly\n");
	}

	@Test
	void aValidScheduleIsSaidValidWithWhatItDoesAndItsUserUnchecked() throws IOException {
		// given
		Path file = Files.writeString(this.directory.resolve("nightly.yaml"), """
				plan: nightly
				cron: "0 0 3 ? * MON-THU"
				timeZone: Europe/Berlin
				version: "25.3"
				runAs: nobody-we-know
				""");

		// when
		Run run = run("schedule", "validate", file.toString(), "--plans", this.plans.toString());

		// then
		assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
		assertThat(run.out()).isEqualTo(file + ": valid schedule nightly: plan nightly at '0 0 3 ? * MON-THU' in "
				+ "Europe/Berlin, version 25.3, as nobody-we-know (the server checks the user)\n");
		assertThat(run.err()).isEmpty();
	}

	@Test
	void anInvalidScheduleIsEveryProblemAtItsPlaceAndExitsTwo() throws IOException {
		// given
		Path file = Files.writeString(this.directory.resolve("weekly.yaml"), """
				plan: weekly
				cron: "0 0 25 * * ?"
				timeZone: Mars/Olympus
				version: "25.3"
				runAs: nobody-we-know
				overlaps: queue
				""");

		// when
		Run run = run("schedule", "validate", file.toString(), "--plans", this.plans.toString());

		// then
		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).isEqualTo("error: invalid schedule\n" //
				+ file + ":1:7: plan: unknown plan 'weekly': there is no " + this.plans.resolve("weekly.yaml") + "\n" //
				+ file + ":2:7: cron: invalid cron expression '0 0 25 * * ?': Hour values must be between 0 and 23 "
				+ "(a Quartz cron expression: seconds minutes hours day-of-month month day-of-week [year], "
				+ "such as '0 0 9 ? * MON-THU')\n" //
				+ file + ":3:11: timeZone: unknown time zone 'Mars/Olympus'; use a region such as Europe/Berlin, "
				+ "or UTC\n" //
				+ file + ":6:1: overlaps: unknown field 'overlaps'; did you mean 'overlap'?\n");
	}

	@Test
	void aPlansDirectoryThatIsNotThereIsSaidSo() throws IOException {
		// given
		Path file = Files.writeString(this.directory.resolve("nightly.yaml"), """
				plan: nightly
				cron: "0 0 3 * * ?"
				version: "25.3"
				runAs: ops
				""");
		Path missing = this.directory.resolve("no-plans");

		// when
		Run run = run("schedule", "validate", file.toString(), "--plans", missing.toString());

		// then
		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).isEqualTo("error: invalid schedule\n" + file + ":1:7: plan: unknown plan 'nightly': "
				+ "the plans directory " + missing + " does not exist (set --plans DIR)\n");
	}

	@Test
	void aScheduleFileThatIsNotThereIsSaidInWordsWithoutAPosition() {
		// given
		Path missing = this.directory.resolve("gone.yaml");

		// when
		Run run = run("schedule", "validate", missing.toString());

		// then
		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).isEqualTo("error: " + missing + ": does not exist\n");
	}

	@Test
	void theHelpOfValidateSaysTheServerChecksTheUser() {
		// when
		Run run = run("schedule", "validate", "--help");

		// then
		assertThat(run.out()).contains("The user it runs as is not checked here:",
				"the server checks it when it loads the file.", "--plans=DIR", "(default: jobs)");
	}

	@Test
	void theListIsATableWithNextFiresInTheZoneAndInUtcAndTheLastFire() {
		// given
		List<ScheduleView> schedules = List.of(broken(), nightly(false, started()), weekly());

		// when
		List<String> lines = print((out) -> ScheduleCommand.print(schedules, out));

		// then
		assertThat(lines).containsExactly(
				"NAME     PLAN     CRON                              NEXT FIRE                              NEXT FIRE UTC         STATE                                          LAST FIRE",
				"broken   -        -                                 -                                      -                     invalid                                        -",
				"nightly  nightly  0 0 3 1 1 ? 2099 (Europe/Berlin)  Thu 2099-01-01 03:00:00 Europe/Berlin  2099-01-01 02:00:00Z  active                                         started nightly-20261201-183657",
				"weekly   weekly   0 0 9 ? * MON (UTC)               -                                      -                     invalid, its last valid version fires, paused  skipped: user ops does not exist, is disabled or may not start releases");
	}

	@Test
	void anEmptyListSaysWhereSchedulesComeFrom() {
		assertThat(print((out) -> ScheduleCommand.print(List.of(), out))).containsExactly(
				"no schedules (a server loads them from its schedules directory: flotilla server --schedules DIR)");
	}

	@Test
	void showPrintsEverySettingTheFiresDeniedVersionsAndProblems() {
		// when
		List<String> valid = print((out) -> ScheduleCommand.show(nightly(false, started()), out));
		List<String> invalid = print((out) -> ScheduleCommand.show(weekly(), out));
		List<String> neverLoaded = print((out) -> ScheduleCommand.show(broken(), out));

		// then
		assertThat(valid).containsExactly("schedule nightly from schedules/nightly.yaml: active",
				"  plan:        nightly", "  cron:        0 0 3 1 1 ? 2099 (Europe/Berlin)", "  version:     25.3",
				"  release id:  {schedule}-{date}-{time}", "  runs as:     admin", "  misfire:     skip",
				"  overlap:     skip", "  next fire:   Thu 2099-01-01 03:00:00 Europe/Berlin (2099-01-01 02:00:00Z)",
				"  last fire:   started, due 2026-12-01 18:36:57Z, fired 2026-12-01 18:36:58Z: triggered by tester: "
						+ "started release nightly-20261201-183657 of nightly at version 25.3 as admin",
				"  denied versions:", "    25.2: release nightly-20261101-030000 was cancelled");
		assertThat(invalid).containsExactly(
				"schedule weekly from schedules/weekly.yaml: invalid, its last valid version fires, paused",
				"  plan:        weekly", "  cron:        0 0 9 ? * MON (UTC)",
				"  version:     newest in file versions.txt", "  release id:  weekly-{version}", "  runs as:     ops",
				"  misfire:     runOnce, at most 2h late", "  overlap:     queue", "  next fire:   none (paused)",
				"  last fire:   skipped, due 2026-11-30 09:00:00Z, fired 2026-11-30 09:00:01Z: "
						+ "user ops does not exist, is disabled or may not start releases",
				"  denied versions: none", "problems (its last valid version is what fires):",
				"  schedules/weekly.yaml:3:7: cron: invalid cron expression",
				"  schedules/weekly.yaml:5:8: runAs: unknown");
		assertThat(neverLoaded).containsExactly("schedule broken from schedules/broken.yaml: invalid",
				"  last fire:   none", "  denied versions: none", "problems (it never loaded, so it does not fire):",
				"  schedules/broken.yaml:2:7: cron: invalid cron expression");
	}

	private static ScheduleView nightly(boolean paused, FireView last) {
		return new ScheduleView("nightly", "schedules/nightly.yaml", null, "nightly", "0 0 3 1 1 ? 2099",
				"Europe/Berlin", "25.3", "{schedule}-{date}-{time}", "admin", "skip", Duration.ofHours(1), "skip",
				paused, paused ? null : Instant.parse("2099-01-01T02:00:00Z"),
				paused ? null : "Thu 2099-01-01 03:00:00 Europe/Berlin", last, null,
				List.of("25.2: release nightly-20261101-030000 was cancelled"));
	}

	private static FireView started() {
		return new FireView(Instant.parse("2026-12-01T18:36:57Z"), Instant.parse("2026-12-01T18:36:58Z"), "STARTED",
				"nightly-20261201-183657", "25.3", "triggered by tester: started release nightly-20261201-183657 of "
						+ "nightly at version 25.3 as admin");
	}

	private static ScheduleView weekly() {
		FireView skipped = new FireView(Instant.parse("2026-11-30T09:00:00Z"), Instant.parse("2026-11-30T09:00:01Z"),
				"SKIPPED", null, null, "user ops does not exist, is disabled or may not start releases");
		return new ScheduleView("weekly", "schedules/weekly.yaml",
				"schedules/weekly.yaml:3:7: cron: invalid cron expression\n"
						+ "schedules/weekly.yaml:5:8: runAs: unknown",
				"weekly", "0 0 9 ? * MON", "UTC", "newest in file versions.txt", "weekly-{version}", "ops", "runOnce",
				Duration.ofHours(2), "queue", true, null, null, skipped, null, List.of());
	}

	private static ScheduleView broken() {
		return new ScheduleView("broken", "schedules/broken.yaml",
				"schedules/broken.yaml:2:7: cron: invalid cron expression", null, null, null, null, null, null, null,
				null, null, false, null, null, null, null, List.of());
	}

	private static List<String> print(java.util.function.Consumer<PrintWriter> printer) {
		StringWriter text = new StringWriter();
		printer.accept(new PrintWriter(text));
		return text.toString().lines().toList();
	}

}
