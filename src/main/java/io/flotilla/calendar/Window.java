package io.flotilla.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;
import java.util.Set;

/**
 * A recurring span of time in which a release may move, such as
 * {@code Mon-Thu 09:00-16:00 Europe/Berlin}. On each of its days it opens at
 * {@code start} and stays open for {@code length} of local, wall-clock time, so that it
 * keeps to the working day of its zone across daylight saving changes. A window that ends
 * before it starts ({@code Fri 22:00-02:00 UTC}) crosses midnight: it opens on the day
 * named and closes on the next.
 * <p>
 * On a day the clocks change, a time that does not exist (in a spring-forward gap) is the
 * first instant after the gap, and a time that occurs twice (in an autumn overlap) is the
 * first of the two. A window that lies wholly inside a gap does not open that day.
 *
 * @param days the days on which it opens
 * @param start the local time it opens, to the minute
 * @param length how long it stays open in wall-clock time, in whole minutes: more than
 * zero and at most a day
 * @param zone the zone its days and times are read in
 */
public record Window(Set<DayOfWeek> days, LocalTime start, Duration length, ZoneId zone) {

	public Window {
		days = Set.copyOf(days);
		if (days.isEmpty()) {
			throw new CalendarException("a window opens on at least one day");
		}
		if (start.getSecond() != 0 || start.getNano() != 0) {
			throw new CalendarException("a window opens on a whole minute, not at " + start);
		}
		if (length.isNegative() || length.isZero() || length.compareTo(Duration.ofDays(1)) > 0
				|| !length.equals(Duration.ofMinutes(length.toMinutes()))) {
			throw new CalendarException(
					"a window lasts whole minutes, more than none and at most a day, not " + length);
		}
	}

	/**
	 * Reads a window as plans write it: days ({@code Mon-Thu}, {@code Mon,Wed,Fri},
	 * {@code Fri-Mon}, {@code Mon-Tue,Thu} or {@code daily}), hours ({@code 09:00-16:00};
	 * {@code 24:00} ends a day, so {@code 00:00-24:00} is all of it) and a time zone
	 * ({@code Europe/Berlin}, {@code UTC}), separated by spaces.
	 * @throws CalendarException saying what is wrong, with the closest day or zone when
	 * there is one
	 */
	public static Window parse(String text) {
		return WindowText.parse(text);
	}

	/**
	 * The local time it closes: on the day it opens, or on the next when the window
	 * {@linkplain #crossesMidnight() crosses midnight}. Midnight for a window that ends
	 * with its day.
	 */
	public LocalTime end() {
		return this.start.plus(this.length);
	}

	/**
	 * Whether it closes on the day after it opens, rather than by the end of its day.
	 */
	public boolean crossesMidnight() {
		return this.start.toSecondOfDay() + this.length.toSeconds() > Duration.ofDays(1).toSeconds();
	}

	/**
	 * The window as {@link #parse(String)} reads it, days and hours in one spelling:
	 * {@code Mon-Thu 09:00-16:00 Europe/Berlin}.
	 */
	@Override
	public String toString() {
		return WindowText.format(this);
	}

	/**
	 * Its opening that starts on the given local day, if it opens that day: none when the
	 * day is not one of its days, or when the whole window falls in a gap of the clocks.
	 */
	Optional<Opening> openingOn(LocalDate day) {
		if (!this.days.contains(day.getDayOfWeek())) {
			return Optional.empty();
		}
		LocalDateTime opens = day.atTime(this.start);
		Instant from = instant(opens);
		Instant until = instant(opens.plus(this.length));
		return until.isAfter(from) ? Optional.of(new Opening(this, from, until)) : Optional.empty();
	}

	private Instant instant(LocalDateTime local) {
		ZoneOffsetTransition transition = this.zone.getRules().getTransition(local);
		if (transition != null && transition.isGap()) {
			return transition.getInstant();
		}
		// in an overlap, atZone takes the earlier offset
		return local.atZone(this.zone).toInstant();
	}

}
