package io.flotilla.calendar;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Windows as people write them, read and printed. A wrong window is answered with what is
 * wrong and, for a misspelt day or zone, the one probably meant.
 */
final class WindowText {

	static final String EXAMPLE = "Mon-Thu 09:00-16:00 Europe/Berlin";

	private static final String DAYS = "days are Mon, Tue, Wed, Thu, Fri, Sat and Sun, or daily for every day";

	private static final String TIMES = "write HH:mm, from 00:00 to 23:59, or 24:00 for the end of a day";

	private static final int MINUTES_PER_DAY = 24 * 60;

	private static final Pattern TIME = Pattern.compile("(\\d{2}):(\\d{2})");

	private static final Pattern HOURS = Pattern.compile("[0-9:]+-[0-9:]+");

	private WindowText() {
	}

	static Window parse(String text) {
		if (text == null || text.isBlank()) {
			throw new CalendarException(
					"a window must not be empty; write its days, hours and time zone, such as '" + EXAMPLE + "'");
		}
		String[] parts = text.strip().split("\\s+");
		if (parts.length == 2 && HOURS.matcher(parts[1]).matches()) {
			throw invalid(text, "a time zone must follow the hours, such as Europe/Berlin or UTC");
		}
		if (parts.length != 3) {
			throw invalid(text, "write days, hours and a time zone separated by spaces, such as '" + EXAMPLE + "'");
		}
		Set<DayOfWeek> days = days(text, parts[0]);
		String[] hours = parts[1].split("-", -1);
		if (hours.length != 2) {
			throw invalid(text,
					"invalid hours '" + parts[1] + "'; write when it opens and closes, such as 09:00-16:00");
		}
		int start = minute(text, hours[0]);
		int end = minute(text, hours[1]);
		if (start == MINUTES_PER_DAY) {
			throw invalid(text, "a window cannot open at 24:00; write 00:00 and name the next day");
		}
		if (start == end % MINUTES_PER_DAY && end != MINUTES_PER_DAY) {
			throw invalid(text, "opens and closes at " + hours[0]
					+ ", a window that can never open; write 00:00-24:00 for whole days");
		}
		int length = (end > start) ? end - start : MINUTES_PER_DAY - start + end;
		ZoneId zone = zone(text, parts[2]);
		return new Window(days, LocalTime.ofSecondOfDay(start * 60L), Duration.ofMinutes(length), zone);
	}

	static String format(Window window) {
		int start = window.start().toSecondOfDay() / 60;
		int end = start + (int) window.length().toMinutes();
		String until = (end == MINUTES_PER_DAY) ? "24:00" : time(end % MINUTES_PER_DAY);
		return days(window.days()) + " " + time(start) + "-" + until + " " + window.zone().getId();
	}

	private static CalendarException invalid(String text, String problem) {
		return new CalendarException("invalid window '" + text + "': " + problem);
	}

	private static Set<DayOfWeek> days(String text, String written) {
		if (written.equalsIgnoreCase("daily")) {
			return EnumSet.allOf(DayOfWeek.class);
		}
		Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
		for (String item : written.split(",", -1)) {
			String[] range = item.split("-", -1);
			if (range.length > 2) {
				throw invalid(text, "invalid day range '" + item + "'; a range is two days, such as Mon-Thu");
			}
			DayOfWeek first = day(text, range[0], written);
			DayOfWeek last = (range.length == 2) ? day(text, range[1], written) : first;
			if (range.length == 2 && first == last) {
				throw invalid(text, "day range '" + item + "' starts and ends on the same day; write "
						+ abbreviation(first) + ", or daily for every day");
			}
			for (DayOfWeek day = first;; day = day.plus(1)) {
				if (!days.add(day)) {
					throw invalid(text, "names " + abbreviation(day) + " twice");
				}
				if (day == last) {
					break;
				}
			}
		}
		return days;
	}

	private static DayOfWeek day(String text, String word, String days) {
		if (word.isEmpty()) {
			throw invalid(text, "a day is missing in '" + days + "'");
		}
		for (DayOfWeek day : DayOfWeek.values()) {
			if (abbreviation(day).equalsIgnoreCase(word)) {
				return day;
			}
		}
		if (word.equalsIgnoreCase("daily")) {
			throw invalid(text, "daily means every day and stands alone, without other days");
		}
		throw invalid(text, "unknown day '" + word + "'"
				+ meant(word).map((day) -> "; did you mean '" + day + "'?").orElse("; " + DAYS));
	}

	/**
	 * The day a misspelt one probably is: a day's name begun or written out in full
	 * ({@code Tu}, {@code Thurs}, {@code Monday}), or its abbreviation with one slip.
	 */
	private static Optional<String> meant(String word) {
		String lower = word.toLowerCase(Locale.ROOT);
		for (DayOfWeek day : DayOfWeek.values()) {
			String name = day.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
			if (lower.length() >= 2 && (name.startsWith(lower) || lower.startsWith(name))) {
				return Optional.of(abbreviation(day));
			}
		}
		List<String> abbreviations = new ArrayList<>();
		for (DayOfWeek day : DayOfWeek.values()) {
			abbreviations.add(abbreviation(day));
		}
		return closest(word, abbreviations, 1);
	}

	private static int minute(String text, String written) {
		Matcher matcher = TIME.matcher(written);
		if (matcher.matches()) {
			int hour = Integer.parseInt(matcher.group(1));
			int minute = Integer.parseInt(matcher.group(2));
			if ((hour < 24 && minute < 60) || (hour == 24 && minute == 0)) {
				return hour * 60 + minute;
			}
		}
		throw invalid(text, "invalid time '" + written + "'; " + TIMES);
	}

	private static ZoneId zone(String text, String written) {
		try {
			return ZoneId.of(written);
		}
		catch (DateTimeException ex) {
			int tolerance = Math.min(2, (written.length() - 1) / 4);
			Optional<String> zone = closest(written, new TreeSet<>(ZoneId.getAvailableZoneIds()), tolerance);
			throw invalid(text, "unknown time zone '" + written + "'" + zone.map((id) -> "; did you mean '" + id + "'?")
				.orElse("; write a region such as Europe/Berlin or America/New_York, or UTC"));
		}
	}

	private static String days(Set<DayOfWeek> days) {
		if (days.size() == DayOfWeek.values().length) {
			return "daily";
		}
		// a run that wraps past Sunday is written as one range, from its first day
		DayOfWeek first = DayOfWeek.MONDAY;
		while (days.contains(first) && days.contains(first.minus(1))) {
			first = first.minus(1);
		}
		List<String> runs = new ArrayList<>();
		DayOfWeek day = first;
		for (int seen = 0; seen < 7; seen++, day = day.plus(1)) {
			if (days.contains(day) && !days.contains(day.minus(1))) {
				DayOfWeek last = day;
				while (days.contains(last.plus(1))) {
					last = last.plus(1);
				}
				runs.add((last == day) ? abbreviation(day) : abbreviation(day) + "-" + abbreviation(last));
			}
		}
		return String.join(",", runs);
	}

	private static String abbreviation(DayOfWeek day) {
		return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
	}

	private static String time(int minute) {
		return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
	}

	private static Optional<String> closest(String given, Collection<String> candidates, int tolerance) {
		return candidates.stream()
			.filter((candidate) -> distance(given, candidate) <= tolerance)
			.min(Comparator.comparingInt((candidate) -> distance(given, candidate)));
	}

	/**
	 * Levenshtein distance, ignoring case: {@code europe/berlin} is
	 * {@code Europe/Berlin}.
	 */
	private static int distance(String first, String second) {
		String a = first.toLowerCase(Locale.ROOT);
		String b = second.toLowerCase(Locale.ROOT);
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
