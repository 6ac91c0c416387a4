package io.flotilla.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How a schedule's times are written for people: in the schedule's zone, with UTC beside
 * it, since a cron expression is read in its zone and servers log in UTC.
 */
final class ScheduleTimes {

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss",
			Locale.ENGLISH);

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private ScheduleTimes() {
	}

	/**
	 * Such as {@code Tue 2026-12-01 09:00:00 Europe/Berlin (2026-12-01 08:00:00Z)}.
	 */
	static String both(Instant at, ZoneId zone) {
		return local(at, zone) + " (" + utc(at) + ")";
	}

	static String local(Instant at, ZoneId zone) {
		return LOCAL.format(at.atZone(zone)) + " " + zone.getId();
	}

	static String utc(Instant at) {
		return UTC.format(at);
	}

	/**
	 * Such as {@code 3h 2m}, {@code 45s}.
	 */
	static String words(Duration duration) {
		long seconds = Math.max(0, duration.toSeconds());
		if (seconds < 60) {
			return seconds + "s";
		}
		long minutes = seconds / 60;
		if (minutes < 60) {
			return minutes + "m " + (seconds % 60) + "s";
		}
		long hours = minutes / 60;
		return (hours < 48) ? hours + "h " + (minutes % 60) + "m" : (hours / 24) + "d " + (hours % 24) + "h";
	}

}
