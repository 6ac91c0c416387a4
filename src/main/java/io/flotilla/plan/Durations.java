package io.flotilla.plan;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as plan authors write them: Go-style ({@code 500ms}, {@code 10s},
 * {@code 1h30m}, {@code 1d}) or ISO-8601 ({@code PT10S}). Go-style is what Kubernetes
 * users already know; ISO-8601 is accepted because it is what Java and many tools print.
 */
public final class Durations {

	static final String ACCEPTED_FORMS = "use a number with units from largest to smallest,"
			+ " such as 500ms, 10s, 5m, 1h30m, 2h or 1d, or ISO-8601 such as PT10S";

	private static final Pattern GO_STYLE = Pattern
		.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

	private Durations() {
	}

	/**
	 * Parses a non-negative duration. A bare {@code 0} is accepted as zero, as in Go.
	 * @throws IllegalArgumentException naming the accepted forms
	 */
	public static Duration parse(String text) {
		String trimmed = (text != null) ? text.strip() : "";
		try {
			Duration duration = trimmed.toUpperCase(Locale.ROOT).startsWith("P") ? Duration.parse(trimmed)
					: goStyle(trimmed);
			if (duration != null && !duration.isNegative()) {
				return duration;
			}
		}
		catch (DateTimeParseException | ArithmeticException | NumberFormatException ex) {
			// reported below with the accepted forms: they help more than the detail
		}
		throw new IllegalArgumentException("invalid duration '" + text + "'; " + ACCEPTED_FORMS);
	}

	/**
	 * Formats a duration the way {@link #parse(String)} reads it, to the millisecond:
	 * {@code 1h30m}, {@code 10s}, {@code 500ms}, {@code 0s}.
	 */
	public static String format(Duration duration) {
		if (duration.isNegative()) {
			return "-" + format(duration.negated());
		}
		StringBuilder text = new StringBuilder();
		append(text, duration.toDaysPart(), "d");
		append(text, duration.toHoursPart(), "h");
		append(text, duration.toMinutesPart(), "m");
		append(text, duration.toSecondsPart(), "s");
		append(text, duration.toMillisPart(), "ms");
		return text.isEmpty() ? "0s" : text.toString();
	}

	private static Duration goStyle(String text) {
		if (text.equals("0")) {
			return Duration.ZERO;
		}
		Matcher matcher = GO_STYLE.matcher(text);
		if (text.isEmpty() || !matcher.matches()) {
			return null;
		}
		return Duration.ofDays(part(matcher, 1))
			.plusHours(part(matcher, 2))
			.plusMinutes(part(matcher, 3))
			.plusSeconds(part(matcher, 4))
			.plusMillis(part(matcher, 5));
	}

	private static long part(Matcher matcher, int group) {
		String digits = matcher.group(group);
		return (digits != null) ? Long.parseLong(digits) : 0;
	}

	private static void append(StringBuilder text, long amount, String unit) {
		if (amount != 0) {
			text.append(amount).append(unit);
		}
	}

}
