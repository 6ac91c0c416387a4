package io.flotilla.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class OpenHoursTests {

	/**
	 * A week without a change of the clocks in any zone used, so that reading the wall
	 * clock is the whole truth: Monday 2026-06-01 00:00 UTC.
	 */
	private static final Instant PLAIN_WEEK = Instant.parse("2026-06-01T00:00:00Z");

	private static final List<String> WINDOW_SETS = List.of("Mon-Thu 09:00-16:00 Europe/Berlin", "Fri 22:00-02:00 UTC",
			"Sat-Sun 00:00-24:00 America/New_York", "Mon,Wed,Fri 12:30-13:15 Asia/Kolkata",
			"Fri-Mon 20:00-06:00 Europe/Berlin",
			"Mon-Fri 08:00-10:00 UTC; Mon-Fri 09:30-12:00 Europe/London; Tue 23:00-01:00 America/New_York");

	@Test
	void withoutWindowsIsAlwaysOpen() {
		Instant instant = Instant.parse("2026-12-24T18:00:00Z");

		assertThat(OpenHours.ALWAYS.isAlways()).isTrue();
		assertThat(OpenHours.ALWAYS.isOpen(instant)).isTrue();
		assertThat(OpenHours.ALWAYS.nextOpening(instant)).isEqualTo(instant);
		assertThat(OpenHours.ALWAYS.closesAt(instant)).isEmpty();
		assertThat(OpenHours.ALWAYS.describeNextOpening(instant)).isEqualTo("always open: no windows");
		assertThat(hours("Mon 09:00-10:00 UTC").isAlways()).isFalse();
	}

	static Stream<Arguments> everyHourOfAWeek() {
		List<Arguments> cases = new ArrayList<>();
		for (String windows : WINDOW_SETS) {
			for (int hour = 0; hour < 7 * 24; hour++) {
				cases.add(Arguments.of(windows, PLAIN_WEEK.plus(Duration.ofHours(hour))));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0} at {1}")
	@MethodSource("everyHourOfAWeek")
	void agreesWithTheWallClockAtEveryHourOfAWeek(String windows, Instant instant) {
		OpenHours hours = hours(windows);

		boolean open = wallClockOpen(hours, instant);

		assertThat(hours.isOpen(instant)).isEqualTo(open);
		assertThat(hours.nextOpening(instant)).isEqualTo(firstMinute(hours, instant, true));
		assertThat(hours.closesAt(instant)).contains(open ? firstMinute(hours, instant, false) : instant);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Mon-Thu 09:00-16:00 Europe/Berlin | 2026-06-04T14:00:00Z | 2026-06-08T07:00:00Z
			Mon-Thu 09:00-16:00 Europe/Berlin | 2026-06-05T12:00:00Z | 2026-06-08T07:00:00Z
			Mon-Thu 09:00-16:00 Europe/Berlin | 2026-06-06T12:00:00Z | 2026-06-08T07:00:00Z
			Mon-Thu 09:00-16:00 Europe/Berlin | 2026-06-07T23:00:00Z | 2026-06-08T07:00:00Z
			Mon-Thu 09:00-16:00 Europe/Berlin | 2026-06-08T06:59:00Z | 2026-06-08T07:00:00Z
			Mon-Thu 09:00-16:00 Europe/Berlin | 2026-06-08T06:59:59.999Z | 2026-06-08T07:00:00Z
			Mon-Thu 09:00-16:00 Europe/Berlin | 2026-06-08T07:00:00Z | 2026-06-08T07:00:00Z
			Mon-Thu 09:00-16:00 Europe/Berlin | 2026-06-08T13:59:59Z | 2026-06-08T13:59:59Z
			Mon-Thu 09:00-16:00 Europe/Berlin | 2026-06-08T14:00:00Z | 2026-06-09T07:00:00Z
			Mon-Thu 09:00-16:00 Europe/Berlin | 2026-01-12T15:00:00Z | 2026-01-13T08:00:00Z
			Fri 22:00-02:00 UTC               | 2026-06-05T21:59:00Z | 2026-06-05T22:00:00Z
			Fri 22:00-02:00 UTC               | 2026-06-06T01:59:00Z | 2026-06-06T01:59:00Z
			Fri 22:00-02:00 UTC               | 2026-06-06T02:00:00Z | 2026-06-12T22:00:00Z
			Fri 22:00-02:00 UTC               | 2026-06-06T00:00:00Z | 2026-06-06T00:00:00Z
			Sat-Sun 00:00-24:00 UTC           | 2026-06-05T23:59:00Z | 2026-06-06T00:00:00Z
			Sat-Sun 00:00-24:00 UTC           | 2026-06-07T23:59:00Z | 2026-06-07T23:59:00Z
			Sat-Sun 00:00-24:00 UTC           | 2026-06-08T00:00:00Z | 2026-06-13T00:00:00Z
			Fri-Mon 20:00-06:00 UTC           | 2026-06-09T05:59:00Z | 2026-06-09T05:59:00Z
			Fri-Mon 20:00-06:00 UTC           | 2026-06-09T06:00:00Z | 2026-06-12T20:00:00Z
			Fri-Mon 20:00-06:00 UTC           | 2026-06-08T05:59:00Z | 2026-06-08T05:59:00Z
			Fri-Mon 20:00-06:00 UTC           | 2026-06-08T06:00:00Z | 2026-06-08T20:00:00Z
			daily 23:30-00:30 Asia/Kolkata    | 2026-06-01T18:59:00Z | 2026-06-01T18:59:00Z
			daily 23:30-00:30 Asia/Kolkata    | 2026-06-01T19:00:00Z | 2026-06-02T18:00:00Z
			daily 23:30-00:30 Asia/Kolkata    | 2026-06-01T17:59:00Z | 2026-06-01T18:00:00Z
			""")
	void opensNextAtTheStartOfAWindowOrNowWhenOneIsOpen(String window, Instant at, Instant opens) {
		assertThat(hours(window).nextOpening(at)).isEqualTo(opens);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			# spring forward in Berlin, 2026-03-29 02:00 CET to 03:00 CEST: 02:30 does not exist
			Sun 02:30-04:00 Europe/Berlin    | 2026-03-29T00:00:00Z | 2026-03-29T01:00:00Z | 2026-03-29T02:00:00Z
			daily 02:30-03:30 Europe/Berlin  | 2026-03-28T12:00:00Z | 2026-03-29T01:00:00Z | 2026-03-29T01:30:00Z
			daily 02:30-03:30 Europe/Berlin  | 2026-03-27T12:00:00Z | 2026-03-28T01:30:00Z | 2026-03-28T02:30:00Z
			daily 02:30-03:30 Europe/Berlin  | 2026-03-29T12:00:00Z | 2026-03-30T00:30:00Z | 2026-03-30T01:30:00Z
			Sat 23:00-03:00 Europe/Berlin    | 2026-03-28T12:00:00Z | 2026-03-28T22:00:00Z | 2026-03-29T01:00:00Z
			Sun 01:00-02:30 Europe/Berlin    | 2026-03-28T12:00:00Z | 2026-03-29T00:00:00Z | 2026-03-29T01:00:00Z
			daily 09:00-17:00 Europe/Berlin  | 2026-03-28T16:00:00Z | 2026-03-29T07:00:00Z | 2026-03-29T15:00:00Z
			# a window wholly inside the gap does not open that day, but a week later
			Sun 02:15-02:45 Europe/Berlin    | 2026-03-28T12:00:00Z | 2026-04-05T00:15:00Z | 2026-04-05T00:45:00Z
			# fall back in Berlin, 2026-10-25 03:00 CEST to 02:00 CET: 02:30 happens twice, the first counts
			Sun 02:30-04:00 Europe/Berlin    | 2026-10-24T12:00:00Z | 2026-10-25T00:30:00Z | 2026-10-25T03:00:00Z
			Sun 01:00-02:30 Europe/Berlin    | 2026-10-24T12:00:00Z | 2026-10-24T23:00:00Z | 2026-10-25T00:30:00Z
			Sun 01:00-02:30 Europe/Berlin    | 2026-10-25T00:30:00Z | 2026-11-01T00:00:00Z | 2026-11-01T01:30:00Z
			Sun 02:00-03:00 Europe/Berlin    | 2026-10-24T12:00:00Z | 2026-10-25T00:00:00Z | 2026-10-25T02:00:00Z
			Sat 22:00-02:30 Europe/Berlin    | 2026-10-24T12:00:00Z | 2026-10-24T20:00:00Z | 2026-10-25T00:30:00Z
			# spring forward in New York, 2026-03-08 02:00 EST to 03:00 EDT
			Sun 02:30-05:00 America/New_York | 2026-03-08T00:00:00Z | 2026-03-08T07:00:00Z | 2026-03-08T09:00:00Z
			Sat 22:00-03:00 America/New_York | 2026-03-07T12:00:00Z | 2026-03-08T03:00:00Z | 2026-03-08T07:00:00Z
			daily 09:00-17:00 America/New_York | 2026-03-07T22:00:00Z | 2026-03-08T13:00:00Z | 2026-03-08T21:00:00Z
			daily 09:00-17:00 America/New_York | 2026-03-06T00:00:00Z | 2026-03-06T14:00:00Z | 2026-03-06T22:00:00Z
			# fall back in New York, 2026-11-01 02:00 EDT to 01:00 EST
			Sun 01:30-03:00 America/New_York | 2026-10-31T12:00:00Z | 2026-11-01T05:30:00Z | 2026-11-01T08:00:00Z
			Sun 00:00-01:30 America/New_York | 2026-10-31T12:00:00Z | 2026-11-01T04:00:00Z | 2026-11-01T05:30:00Z
			""")
	void keepsToLocalTimeWhenTheClocksChange(String window, Instant at, Instant opens, Instant closes) {
		OpenHours hours = hours(window);

		assertThat(hours.nextOpening(at)).isEqualTo(opens);
		assertThat(hours.isOpen(opens)).isTrue();
		assertThat(hours.isOpen(opens.minusNanos(1))).isFalse();
		assertThat(hours.closesAt(opens)).contains(closes);
		assertThat(hours.isOpen(closes.minusNanos(1))).isTrue();
		assertThat(hours.isOpen(closes)).isFalse();
	}

	@Test
	void aWindowThatOpensInAnOverlapStaysOpenThroughItsSecondPass() {
		OpenHours hours = hours("Sun 02:30-04:00 Europe/Berlin");

		// 02:15 CET, the second time 02:15 is read on the clock that night
		assertThat(hours.isOpen(Instant.parse("2026-10-25T01:15:00Z"))).isTrue();
		assertThat(hours("Sun 01:00-02:30 Europe/Berlin").isOpen(Instant.parse("2026-10-25T01:15:00Z"))).isFalse();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					Mon 09:00-12:00 UTC; Mon 12:00-15:00 UTC           | 2026-06-01T10:00:00Z | 2026-06-01T15:00:00Z
					Mon 12:00-15:00 UTC; Mon 09:00-12:00 UTC           | 2026-06-01T10:00:00Z | 2026-06-01T15:00:00Z
					Mon 09:00-13:00 UTC; Mon 11:00-17:00 UTC           | 2026-06-01T10:00:00Z | 2026-06-01T17:00:00Z
					Mon 09:00-17:00 UTC; Mon 11:00-13:00 UTC           | 2026-06-01T12:00:00Z | 2026-06-01T17:00:00Z
					Mon 09:00-12:00 UTC; Mon 12:01-15:00 UTC           | 2026-06-01T10:00:00Z | 2026-06-01T12:00:00Z
					Mon 20:00-24:00 UTC; Tue 00:00-06:00 UTC           | 2026-06-01T21:00:00Z | 2026-06-02T06:00:00Z
					Mon 09:00-12:00 Europe/Berlin; Mon 10:00-14:00 UTC | 2026-06-01T07:30:00Z | 2026-06-01T14:00:00Z
					Mon 09:00-12:00 UTC; Mon 12:00-13:00 Europe/London; Mon 13:00-15:00 Asia/Kolkata | 2026-06-01T09:00:00Z | 2026-06-01T12:00:00Z
					Mon 09:00-12:00 UTC; Mon 14:00-18:00 Europe/Berlin | 2026-06-01T11:59:00Z | 2026-06-01T16:00:00Z
					Fri 22:00-02:00 UTC                                | 2026-06-06T01:00:00Z | 2026-06-06T02:00:00Z
					daily 22:00-02:00 UTC                              | 2026-06-01T23:00:00Z | 2026-06-02T02:00:00Z
					Mon-Fri 09:00-17:00 UTC                            | 2026-06-01T08:00:00Z | 2026-06-01T08:00:00Z
					Mon-Fri 09:00-17:00 UTC                            | 2026-06-01T17:00:00Z | 2026-06-01T17:00:00Z
					Mon-Fri 00:00-24:00 UTC                            | 2026-06-01T12:00:00Z | 2026-06-06T00:00:00Z
					""")
	void closesWhereNoWindowFollowsOnWithoutAGap(String windows, Instant at, Instant closes) {
		assertThat(hours(windows).closesAt(at)).contains(closes);
	}

	@Test
	void windowsThatCoverTheWholeWeekNeverClose() {
		Instant instant = Instant.parse("2026-06-03T12:00:00Z");

		assertThat(hours("daily 00:00-24:00 Europe/Berlin").closesAt(instant)).isEmpty();
		assertThat(hours("daily 20:00-08:00 UTC; daily 08:00-20:00 UTC").closesAt(instant)).isEmpty();
		assertThat(hours("Mon-Wed 00:00-24:00 UTC; Thu-Sun 00:00-24:00 UTC").closesAt(instant)).isEmpty();
	}

	@Test
	void windowsThatCoverEverythingInWinterCloseWhereSummerTimeLeavesAGap() {
		// London's evening window ends at 23:00 UTC once summer time starts on 2026-03-29
		OpenHours hours = hours("daily 00:00-12:00 UTC; daily 12:00-24:00 Europe/London");

		assertThat(hours.closesAt(Instant.parse("2026-01-05T10:00:00Z")))
			.contains(Instant.parse("2026-03-29T23:00:00Z"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					Mon-Thu 09:00-16:00 Europe/Berlin | 2026-06-01T14:00:00Z | next window opens Tue 09:00 Europe/Berlin
					Mon-Thu 09:00-16:00 Europe/Berlin | 2026-06-04T14:00:00Z | next window opens Mon 09:00 Europe/Berlin
					Mon-Thu 09:00-16:00 Europe/Berlin | 2026-06-01T10:00:00Z | a window is open now
					Tue 09:00-10:00 Europe/Berlin; Mon 22:00-23:00 America/New_York | 2026-06-01T12:00:00Z | next window opens Mon 22:00 America/New_York
					Tue 09:00-10:00 Europe/Berlin; Mon 22:00-23:00 America/New_York | 2026-06-02T03:00:00Z | next window opens Tue 09:00 Europe/Berlin
					Mon-Fri 09:00-17:00 Asia/Kolkata  | 2026-06-05T12:00:00Z | next window opens Mon 09:00 Asia/Kolkata
					Fri 22:00-02:00 UTC               | 2026-06-06T02:00:00Z | next window opens Fri 22:00 UTC
					Sat 10:00-12:00 UTC               | 2026-06-06T13:00:00Z | next window opens Sat 10:00 UTC
					Sun 02:30-04:00 Europe/Berlin     | 2026-03-29T00:00:00Z | next window opens Sun 03:00 Europe/Berlin
					Sun 02:15-02:45 Europe/Berlin     | 2026-03-28T12:00:00Z | next window opens Sun 2026-04-05 02:15 Europe/Berlin
					""")
	void saysWhenTheNextWindowOpensInItsOwnZone(String windows, Instant at, String description) {
		assertThat(hours(windows).describeNextOpening(at)).isEqualTo(description);
	}

	@Test
	void printsItsWindowsAsWritten() {
		assertThat(hours("mon-fri 09:00-17:00 UTC; Sat 22:00-00:00 Europe/Berlin"))
			.hasToString("Mon-Fri 09:00-17:00 UTC, Sat 22:00-24:00 Europe/Berlin");
	}

	/**
	 * For many windows and instants drawn at random (with a fixed seed, so a failure
	 * repeats), the next opening is open, no earlier than the instant asked about, and no
	 * minute before it is open; an opening stays open until it closes, and then is not.
	 */
	@Test
	void nextOpeningIsTheFirstOpenInstantAndClosingTheFirstClosedOne() {
		Random random = new Random(20260329);
		List<ZoneId> zones = Stream
			.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns",
					"Pacific/Chatham")
			.map(ZoneId::of)
			.toList();
		for (int sample = 0; sample < 200; sample++) {
			List<Window> windows = new ArrayList<>();
			for (int count = 1 + random.nextInt(3); count > 0; count--) {
				windows.add(randomWindow(random, zones.get(random.nextInt(zones.size()))));
			}
			OpenHours hours = new OpenHours(windows);
			Instant instant = randomInstant(random, windows.get(0).zone());

			Instant opens = hours.nextOpening(instant);

			String what = hours + " from " + instant;
			assertThat(opens).as(what).isAfterOrEqualTo(instant);
			assertThat(hours.isOpen(opens)).as(what).isTrue();
			if (!opens.equals(instant)) {
				assertThat(hours.isOpen(opens.minusNanos(1))).as(what).isFalse();
			}
			for (Instant minute = instant; minute.isBefore(opens)
					&& minute.isBefore(instant.plus(Duration.ofHours(36))); minute = minute.plusSeconds(60)) {
				assertThat(hours.isOpen(minute)).as(what + " at " + minute).isFalse();
			}
			Optional<Instant> closes = hours.closesAt(opens);
			assertThat(closes).as(what).isPresent();
			assertThat(closes.get()).as(what).isAfter(opens);
			assertThat(hours.isOpen(closes.get())).as(what).isFalse();
			for (Instant minute = opens; minute.isBefore(closes.get())
					&& minute.isBefore(opens.plus(Duration.ofHours(36))); minute = minute.plusSeconds(60)) {
				assertThat(hours.isOpen(minute)).as(what + " at " + minute).isTrue();
			}
		}
	}

	private static Window randomWindow(Random random, ZoneId zone) {
		Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
		// most windows keep to a few days, so that the search for the next one has far to
		// go
		int bits = random.nextBoolean() ? 1 << random.nextInt(7) : 1 + random.nextInt(127);
		for (DayOfWeek day : DayOfWeek.values()) {
			if ((bits & (1 << day.ordinal())) != 0) {
				days.add(day);
			}
		}
		int start = random.nextInt(24 * 60);
		int length = random.nextBoolean() ? 1 + random.nextInt(180) : 1 + random.nextInt(24 * 60);
		return new Window(days, LocalTime.ofSecondOfDay(start * 60L), Duration.ofMinutes(length), zone);
	}

	/**
	 * An instant in 2026, half of them within a day of one of the zone's changes of the
	 * clocks, where windows are most easily got wrong.
	 */
	private static Instant randomInstant(Random random, ZoneId zone) {
		List<Instant> changes = zone.getRules()
			.getTransitionRules()
			.stream()
			.map((rule) -> rule.createTransition(2026).getInstant())
			.toList();
		if (!changes.isEmpty() && random.nextBoolean()) {
			Instant change = changes.get(random.nextInt(changes.size()));
			return change.plusSeconds(random.nextInt(2 * 24 * 3600) - 24 * 3600);
		}
		return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(365 * 24 * 3600));
	}

	private static OpenHours hours(String windows) {
		return new OpenHours(Stream.of(windows.split(";")).map(Window::parse).toList());
	}

	/**
	 * Whether a window is open by its zone's wall clock alone: exact wherever the clocks
	 * do not change.
	 */
	private static boolean wallClockOpen(OpenHours hours, Instant instant) {
		for (Window window : hours.windows()) {
			ZonedDateTime local = instant.atZone(window.zone());
			int minute = local.getHour() * 60 + local.getMinute();
			int start = window.start().getHour() * 60 + window.start().getMinute();
			int end = start + (int) window.length().toMinutes();
			DayOfWeek day = local.getDayOfWeek();
			boolean today = window.days().contains(day) && minute >= start && minute < end;
			boolean sinceYesterday = window.days().contains(day.minus(1)) && minute < end - 24 * 60;
			if (today || sinceYesterday) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The first whole minute from the given one at which the wall clock says the windows
	 * are open (or closed), found by reading every minute.
	 */
	private static Instant firstMinute(OpenHours hours, Instant from, boolean open) {
		Instant minute = from;
		while (wallClockOpen(hours, minute) != open) {
			minute = minute.plusSeconds(60);
		}
		return minute;
	}

}
