package io.flotilla.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WindowTests {

	@Test
	void readsDaysHoursAndZone() {
		Window window = Window.parse("Mon-Thu 09:00-16:00 Europe/Berlin");

		assertThat(window.days()).containsExactlyInAnyOrder(MONDAY, TUESDAY, WEDNESDAY, THURSDAY);
		assertThat(window.start()).isEqualTo(LocalTime.of(9, 0));
		assertThat(window.end()).isEqualTo(LocalTime.of(16, 0));
		assertThat(window.length()).isEqualTo(Duration.ofHours(7));
		assertThat(window.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
		assertThat(window.crossesMidnight()).isFalse();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Mon-Thu        | MONDAY TUESDAY WEDNESDAY THURSDAY
			Mon,Wed,Fri    | MONDAY WEDNESDAY FRIDAY
			Mon-Tue,Thu    | MONDAY TUESDAY THURSDAY
			Fri-Mon        | FRIDAY SATURDAY SUNDAY MONDAY
			Sun-Tue        | SUNDAY MONDAY TUESDAY
			Sat-Sun        | SATURDAY SUNDAY
			Sun            | SUNDAY
			daily          | MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY
			DAILY          | MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY
			Mon-Sun        | MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY
			Tue-Mon        | MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY
			mon-fri        | MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY
			SAT,sun        | SATURDAY SUNDAY
			Fri-Sun,Tue    | FRIDAY SATURDAY SUNDAY TUESDAY
			""")
	void readsDaysAsRangesListsAndBoth(String days, String expected) {
		Window window = Window.parse(days + " 09:00-16:00 UTC");

		assertThat(window.days()).containsExactlyInAnyOrderElementsOf(daysOf(expected));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Fri 22:00-02:00 UTC  | 22:00 | PT4H   | true  | 02:00
			Mon 00:00-24:00 UTC  | 00:00 | PT24H  | false | 00:00
			Mon 22:00-24:00 UTC  | 22:00 | PT2H   | false | 00:00
			Mon 22:00-00:00 UTC  | 22:00 | PT2H   | false | 00:00
			Mon 00:01-00:00 UTC  | 00:01 | PT23H59M | false | 00:00
			Mon 23:59-00:01 UTC  | 23:59 | PT2M   | true  | 00:01
			Mon 09:15-09:16 UTC  | 09:15 | PT1M   | false | 09:16
			Mon 12:00-11:59 UTC  | 12:00 | PT23H59M | true | 11:59
			""")
	void aWindowThatEndsBeforeItStartsCrossesMidnight(String text, LocalTime start, Duration length, boolean crosses,
			LocalTime end) {
		Window window = Window.parse(text);

		assertThat(window.start()).isEqualTo(start);
		assertThat(window.length()).isEqualTo(length);
		assertThat(window.crossesMidnight()).isEqualTo(crosses);
		assertThat(window.end()).isEqualTo(end);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Mon-Thu 09:00-16:00 Europe/Berlin        | Mon-Thu 09:00-16:00 Europe/Berlin
			'  mon-thu   09:00-16:00  Europe/Berlin' | Mon-Thu 09:00-16:00 Europe/Berlin
			Mon,Tue,Wed 09:00-16:00 UTC              | Mon-Wed 09:00-16:00 UTC
			Sun,Mon 09:00-16:00 UTC                  | Sun-Mon 09:00-16:00 UTC
			Sat,Mon,Sun,Wed 09:00-16:00 UTC          | Sat-Mon,Wed 09:00-16:00 UTC
			Fri-Mon 22:00-02:00 UTC                  | Fri-Mon 22:00-02:00 UTC
			Mon-Sun 00:00-24:00 UTC                  | daily 00:00-24:00 UTC
			Wed,Fri,Mon 22:00-00:00 America/New_York | Mon,Wed,Fri 22:00-24:00 America/New_York
			Tue,Thu,Sat,Sun 10:30-11:45 Asia/Kolkata | Tue,Thu,Sat-Sun 10:30-11:45 Asia/Kolkata
			""")
	void printsAWindowInOneSpelling(String text, String printed) {
		assertThat(Window.parse(text)).hasToString(printed);
	}

	static Stream<Arguments> everySetOfDays() {
		List<Arguments> sets = new ArrayList<>();
		for (int bits = 1; bits < 128; bits++) {
			Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
			for (DayOfWeek day : DayOfWeek.values()) {
				if ((bits & (1 << day.ordinal())) != 0) {
					days.add(day);
				}
			}
			sets.add(Arguments.of(days));
		}
		return sets.stream();
	}

	@ParameterizedTest
	@MethodSource("everySetOfDays")
	void readsBackWhatItPrintsForEverySetOfDays(Set<DayOfWeek> days) {
		Window window = new Window(days, LocalTime.of(22, 30), Duration.ofMinutes(150), ZoneId.of("Europe/Berlin"));

		Window read = Window.parse(window.toString());

		assertThat(read).isEqualTo(window);
		assertThat(read.days()).isEqualTo(days);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					Mon 09:00-16:00 Europe/Berln     | unknown time zone 'Europe/Berln'; did you mean 'Europe/Berlin'?
					Mon 09:00-16:00 europe/berlin    | unknown time zone 'europe/berlin'; did you mean 'Europe/Berlin'?
					Mon 09:00-16:00 America/NewYork  | unknown time zone 'America/NewYork'; did you mean 'America/New_York'?
					Mon 09:00-16:00 utc              | unknown time zone 'utc'; did you mean 'UTC'?
					Mon 09:00-16:00 EST              | unknown time zone 'EST'; write a region such as Europe/Berlin or America/New_York, or UTC
					Mon 09:00-16:00 CST              | unknown time zone 'CST'; write a region such as Europe/Berlin or America/New_York, or UTC
					Mon 09:00-16:00 Mars/Olympus     | unknown time zone 'Mars/Olympus'; write a region such as Europe/Berlin or America/New_York, or UTC
					Mo-Thu 09:00-16:00 UTC           | unknown day 'Mo'; did you mean 'Mon'?
					Mon-Thur 09:00-16:00 UTC         | unknown day 'Thur'; did you mean 'Thu'?
					Tues 09:00-16:00 UTC             | unknown day 'Tues'; did you mean 'Tue'?
					Monday 09:00-16:00 UTC           | unknown day 'Monday'; did you mean 'Mon'?
					Sundays 09:00-16:00 UTC          | unknown day 'Sundays'; did you mean 'Sun'?
					Mon-Frj 09:00-16:00 UTC          | unknown day 'Frj'; did you mean 'Fri'?
					Mon,Wen 09:00-16:00 UTC          | unknown day 'Wen'; did you mean 'Wed'?
					Xyz 09:00-16:00 UTC              | unknown day 'Xyz'; days are Mon, Tue, Wed, Thu, Fri, Sat and Sun, or daily for every day
					T 09:00-16:00 UTC                | unknown day 'T'; days are Mon, Tue, Wed, Thu, Fri, Sat and Sun, or daily for every day
					weekdays 09:00-16:00 UTC         | unknown day 'weekdays'; days are Mon, Tue, Wed, Thu, Fri, Sat and Sun, or daily for every day
					Mon,,Wed 09:00-16:00 UTC         | a day is missing in 'Mon,,Wed'
					Mon, 09:00-16:00 UTC             | a day is missing in 'Mon,'
					Mon- 09:00-16:00 UTC             | a day is missing in 'Mon-'
					-Fri 09:00-16:00 UTC             | a day is missing in '-Fri'
					Mon-Wed-Fri 09:00-16:00 UTC      | invalid day range 'Mon-Wed-Fri'; a range is two days, such as Mon-Thu
					Mon-Mon 09:00-16:00 UTC          | day range 'Mon-Mon' starts and ends on the same day; write Mon, or daily for every day
					Mon-Wed,Tue 09:00-16:00 UTC      | names Tue twice
					Fri-Mon,Sun 09:00-16:00 UTC      | names Sun twice
					Mon,mon 09:00-16:00 UTC          | names Mon twice
					daily,Mon 09:00-16:00 UTC        | daily means every day and stands alone, without other days
					Mon 9:00-16:00 UTC               | invalid time '9:00'; write HH:mm, from 00:00 to 23:59, or 24:00 for the end of a day
					Mon 09:00-25:00 UTC              | invalid time '25:00'; write HH:mm, from 00:00 to 23:59, or 24:00 for the end of a day
					Mon 09:60-16:00 UTC              | invalid time '09:60'; write HH:mm, from 00:00 to 23:59, or 24:00 for the end of a day
					Mon 09:00-24:30 UTC              | invalid time '24:30'; write HH:mm, from 00:00 to 23:59, or 24:00 for the end of a day
					Mon 0900-1600 UTC                | invalid time '0900'; write HH:mm, from 00:00 to 23:59, or 24:00 for the end of a day
					Mon 09:00- UTC                   | invalid time ''; write HH:mm, from 00:00 to 23:59, or 24:00 for the end of a day
					Mon 09:00 UTC                    | invalid hours '09:00'; write when it opens and closes, such as 09:00-16:00
					Mon 09:00-12:00-16:00 UTC        | invalid hours '09:00-12:00-16:00'; write when it opens and closes, such as 09:00-16:00
					Mon 24:00-02:00 UTC              | a window cannot open at 24:00; write 00:00 and name the next day
					Mon 09:00-09:00 UTC              | opens and closes at 09:00, a window that can never open; write 00:00-24:00 for whole days
					Mon 00:00-00:00 UTC              | opens and closes at 00:00, a window that can never open; write 00:00-24:00 for whole days
					Mon-Thu 09:00-16:00              | a time zone must follow the hours, such as Europe/Berlin or UTC
					Mon-Thu                          | write days, hours and a time zone separated by spaces, such as 'Mon-Thu 09:00-16:00 Europe/Berlin'
					Mon-Thu Europe/Berlin            | write days, hours and a time zone separated by spaces, such as 'Mon-Thu 09:00-16:00 Europe/Berlin'
					Mon 09:00 - 16:00 UTC            | write days, hours and a time zone separated by spaces, such as 'Mon-Thu 09:00-16:00 Europe/Berlin'
					Mon 09:00-16:00 UTC extra        | write days, hours and a time zone separated by spaces, such as 'Mon-Thu 09:00-16:00 Europe/Berlin'
					""")
	void refusesABadWindowSayingWhatIsWrong(String text, String problem) {
		assertThatExceptionOfType(CalendarException.class).isThrownBy(() -> Window.parse(text))
			.withMessage("invalid window '" + text + "': " + problem);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t" })
	void refusesAnEmptyWindow(String text) {
		assertThatExceptionOfType(CalendarException.class).isThrownBy(() -> Window.parse(text))
			.withMessage("a window must not be empty; write its days, hours and time zone,"
					+ " such as 'Mon-Thu 09:00-16:00 Europe/Berlin'");
		assertThatExceptionOfType(CalendarException.class).isThrownBy(() -> Window.parse(null))
			.withMessageStartingWith("a window must not be empty");
	}

	@Test
	void aWindowBuiltInCodeIsCheckedLikeOneRead() {
		ZoneId utc = ZoneId.of("UTC");
		Set<DayOfWeek> monday = Set.of(MONDAY);

		assertThatExceptionOfType(CalendarException.class)
			.isThrownBy(() -> new Window(Set.of(), LocalTime.NOON, Duration.ofHours(1), utc))
			.withMessage("a window opens on at least one day");
		assertThatExceptionOfType(CalendarException.class)
			.isThrownBy(() -> new Window(monday, LocalTime.of(9, 0, 30), Duration.ofHours(1), utc))
			.withMessage("a window opens on a whole minute, not at 09:00:30");
		for (Duration length : List.of(Duration.ZERO, Duration.ofMinutes(-5), Duration.ofMinutes(24 * 60 + 1),
				Duration.ofSeconds(90))) {
			assertThatExceptionOfType(CalendarException.class)
				.isThrownBy(() -> new Window(monday, LocalTime.NOON, length, utc))
				.withMessage("a window lasts whole minutes, more than none and at most a day, not " + length);
		}
	}

	@Test
	void windowsAreEqualWhenTheyOpenAlike() {
		assertThat(Window.parse("Mon,Tue 09:00-16:00 UTC")).isEqualTo(Window.parse("mon-tue 09:00-16:00 UTC"))
			.isNotEqualTo(Window.parse("Mon-Tue 09:00-16:00 Europe/London"))
			.isNotEqualTo(Window.parse("Mon-Wed 09:00-16:00 UTC"));
		assertThat(Window.parse("Sat 22:00-00:00 UTC")).isEqualTo(Window.parse("Sat 22:00-24:00 UTC"));
	}

	private static List<DayOfWeek> daysOf(String names) {
		return Stream.of(names.split(" ")).map(DayOfWeek::valueOf).toList();
	}

}
