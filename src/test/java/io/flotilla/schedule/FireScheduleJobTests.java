package io.flotilla.schedule;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;

import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The due time a late fire stands for: Quartz fires an overdue cron trigger once, "now",
 * so the latest time the expression had passed is worked out by stepping on from the fire
 * before.
 */
class FireScheduleJobTests {

	@Test
	void aFireOnTimeStandsForItsOwnDueTime() throws ParseException {
		CronExpression nineDaily = expression("0 0 9 * * ?", "Europe/Berlin");

		Date due = FireScheduleJob.latestAtOrBefore(nineDaily, date("2026-11-30T08:00:00Z"),
				date("2026-12-01T08:00:00Z"));

		assertThat(due.toInstant()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
	}

	@Test
	void aFireAfterDaysDownStandsForTheLatestTimeItMissed() throws ParseException {
		CronExpression nineDaily = expression("0 0 9 * * ?", "Europe/Berlin");

		// last fired on 27 November, the server down until 1 December 10:17 Berlin time
		Date due = FireScheduleJob.latestAtOrBefore(nineDaily, date("2026-11-27T08:00:00Z"),
				date("2026-12-01T09:17:42Z"));

		assertThat(due.toInstant()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
	}

	@Test
	void theZoneOfTheExpressionDecidesAcrossADaylightSavingChange() throws ParseException {
		CronExpression nineDaily = expression("0 0 9 * * ?", "Europe/Berlin");

		// 25 October 2026: Berlin goes from UTC+2 to UTC+1, 09:00 is 08:00Z
		Date due = FireScheduleJob.latestAtOrBefore(nineDaily, date("2026-10-24T07:00:00Z"),
				date("2026-10-25T08:30:00Z"));

		assertThat(due.toInstant()).isEqualTo(Instant.parse("2026-10-25T08:00:00Z"));
	}

	@Test
	void whenNothingWasDueSinceTheFireBeforeTheScheduledTimeIsKept() throws ParseException {
		CronExpression nineDaily = expression("0 0 9 * * ?", "UTC");

		Date due = FireScheduleJob.latestAtOrBefore(nineDaily, date("2026-12-01T09:00:00Z"),
				date("2026-12-01T09:30:00Z"));

		assertThat(due.toInstant()).isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
	}

	@Test
	void aTriggerThatMissedEverySecondForAYearIsNotWalkedToItsEnd() throws ParseException {
		CronExpression everySecond = expression("* * * * * ?", "UTC");

		Date due = FireScheduleJob.latestAtOrBefore(everySecond, date("2025-12-01T00:00:00Z"),
				date("2026-12-01T00:00:00Z"));

		// 100,000 steps on from the fire before: a due time it missed, never one ahead
		assertThat(due.toInstant()).isEqualTo(Instant.parse("2025-12-01T00:00:00Z").plusSeconds(100_000));
	}

	private static CronExpression expression(String cron, String zone) throws ParseException {
		CronExpression expression = new CronExpression(cron);
		expression.setTimeZone(TimeZone.getTimeZone(zone));
		return expression;
	}

	private static Date date(String instant) {
		return Date.from(Instant.parse(instant));
	}

}
