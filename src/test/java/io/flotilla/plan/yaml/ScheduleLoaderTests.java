package io.flotilla.plan.yaml;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import io.flotilla.plan.Schedule;
import io.flotilla.plan.Schedule.Misfire;
import io.flotilla.plan.Schedule.Overlap;
import io.flotilla.plan.Schedule.VersionSource;
import io.flotilla.plan.yaml.PlanException.PlanError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ScheduleLoaderTests {

	private final ScheduleLoader loader = new ScheduleLoader(
			(plan) -> plan.equals("demo") ? Optional.empty() : Optional.of("unknown plan '" + plan + "'"),
			(user) -> user.equals("robot") ? Optional.empty() : Optional.of("unknown user '" + user + "'"));

	@Test
	void aFullScheduleLoadsWithEverySetting() {
		Schedule schedule = this.loader.load("schedules/ch-weekly.yaml", """
				plan: demo
				cron: "0 0 9 ? * TUE"
				timeZone: Europe/Berlin
				version:
				  url: http://127.0.0.1:8089/versions
				id: "ch-weekly-{date}-{time}"
				runAs: robot
				misfire: runOnce
				maxLateness: 2h
				overlap: queue
				""");

		assertThat(schedule).isEqualTo(new Schedule("ch-weekly", "demo", "0 0 9 ? * TUE", ZoneId.of("Europe/Berlin"),
				VersionSource.url("http://127.0.0.1:8089/versions"), "ch-weekly-{date}-{time}", "robot",
				Misfire.RUN_ONCE, Duration.ofHours(2), Overlap.QUEUE));
	}

	@Test
	void aScheduleNamingOnlyWhatItMustTakesTheDefaults() {
		Schedule schedule = this.loader.load("nightly.yml", """
				plan: demo
				cron: 0 0 2 * * ?
				version: "25.3"
				runAs: robot
				""");

		assertThat(schedule.name()).isEqualTo("nightly");
		assertThat(schedule.zone()).isEqualTo(ZoneId.of("UTC"));
		assertThat(schedule.version()).isEqualTo(VersionSource.fixed("25.3"));
		assertThat(schedule.idPattern()).isEqualTo("{schedule}-{date}-{time}");
		assertThat(schedule.misfire()).isEqualTo(Misfire.SKIP);
		assertThat(schedule.maxLateness()).isEqualTo(Duration.ofHours(1));
		assertThat(schedule.overlap()).isEqualTo(Overlap.SKIP);
	}

	@Test
	void theReleaseIdIsMadeInTheSchedulesZone() {
		Schedule schedule = this.loader.load("ch-weekly.yaml", """
				plan: demo
				cron: "0 0 9 ? * TUE"
				timeZone: Europe/Berlin
				version: {file: versions.txt}
				id: "{schedule}-{version}-{date}-{time}"
				runAs: robot
				""");

		String id = schedule.releaseId(ZonedDateTime.parse("2026-12-01T08:00:00Z"), "25.3");

		assertThat(id).isEqualTo("ch-weekly-25.3-20261201-090000");
	}

	@Test
	void everyProblemIsReportedAtItsPlace() {
		assertThatExceptionOfType(PlanException.class).isThrownBy(() -> this.loader.load("schedules/bad.yaml", """
				plan: other
				cron: "0 0 25 * * ?"
				timeZone: Europe/Berln
				version: {file: a.txt, url: http://x}
				id: "rel-{dat}"
				runAs: nobody
				misfire: skip
				maxLateness: 1h
				overlapp: queue
				"""))
			.satisfies((ex) -> assertThat(ex.errors()).extracting(PlanError::toString)
				.containsExactly("schedules/bad.yaml:1:7: plan: unknown plan 'other'",
						"schedules/bad.yaml:2:7: cron: invalid cron expression '0 0 25 * * ?': Hour values must be between 0 "
								+ "and 23 (a Quartz cron expression: seconds minutes hours day-of-month month day-of-week "
								+ "[year], such as '0 0 9 ? * MON-THU')",
						"schedules/bad.yaml:3:11: timeZone: unknown time zone 'Europe/Berln'; use a region such as "
								+ "Europe/Berlin, or UTC",
						"schedules/bad.yaml:4:10: version: must name exactly one source of the newest version: 'file' or "
								+ "'url'",
						"schedules/bad.yaml:5:5: id: unknown placeholder 'dat'; did you mean 'date'? (use {schedule}, "
								+ "{date}, {time} or {version})",
						"schedules/bad.yaml:6:8: runAs: unknown user 'nobody'",
						"schedules/bad.yaml:8:14: maxLateness: applies only with 'misfire: runOnce'; a skipped fire is "
								+ "never late",
						"schedules/bad.yaml:9:1: overlapp: unknown field 'overlapp'; did you mean 'overlap'?"));
	}

	@Test
	void requiredFieldsAndBadWordsAreNamed() {
		assertThatExceptionOfType(PlanException.class).isThrownBy(() -> this.loader.load("x.yaml", """
				cron: "0 * * * * ?"
				version: "25.3; rm -rf"
				misfire: late
				overlap: wait
				"""))
			.satisfies((ex) -> assertThat(ex.errors()).extracting(PlanError::toString)
				.containsExactly("x.yaml:1:1: plan: is required", "x.yaml:1:1: runAs: is required",
						"x.yaml:2:10: version: '25.3; rm -rf' is not a version: use up to 64 letters, digits, '.', '_', '+' "
								+ "and '-'",
						"x.yaml:3:10: misfire: must be 'skip' or 'runOnce', not 'late'",
						"x.yaml:4:10: overlap: must be 'skip' or 'queue', not 'wait'"));
	}

	@Test
	void aFileNameThatCannotNameASchedule() {
		assertThatExceptionOfType(PlanException.class).isThrownBy(() -> this.loader.load("Weekly Release.yaml", """
				plan: demo
				cron: "0 0 9 ? * TUE"
				version: "25.3"
				runAs: robot
				""")).withMessageContaining("the file name 'Weekly Release' is not a schedule name");
	}

	@Test
	void aPlansTargetIsReplacedAndEverythingElseKeptAsWritten() {
		String plan = """
				name: demo # the demo
				version:
				  path: spec.image
				  target: "25.3"   # moved by schedules
				changes: []
				""";

		assertThat(PlanLoader.withTarget("demo.yaml", plan, "25.10")).isEqualTo("""
				name: demo # the demo
				version:
				  path: spec.image
				  target: "25.10"   # moved by schedules
				changes: []
				""");
		assertThat(PlanLoader.withTarget("demo.yaml", "version: {path: x, target: 1.0}\n", "2.0"))
			.isEqualTo("version: {path: x, target: \"2.0\"}\n");
	}

}
