package io.flotilla.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * When a release may move, as the windows of its plan or stage: it may whenever any of
 * them is open, and always when there are none. Windows that overlap or follow each other
 * without a gap are one opening.
 *
 * @param windows the windows, in the order written; empty for always open
 */
public record OpenHours(List<Window> windows) {

	/**
	 * No windows: always open.
	 */
	public static final OpenHours ALWAYS = new OpenHours(List.of());

	/**
	 * How far ahead openings are looked for: a year and more, so that every change of the
	 * clocks in the year ahead is seen. Any window opens within two weeks; windows open
	 * for longer than this, such as {@code daily 00:00-24:00}, never close.
	 */
	private static final Duration LOOK_AHEAD = Duration.ofDays(53 * 7);

	private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);

	private static final DateTimeFormatter DAY_DATE_AND_TIME = DateTimeFormatter.ofPattern("EEE uuuu-MM-dd HH:mm",
			Locale.ENGLISH);

	public OpenHours {
		windows = List.copyOf(windows);
	}

	public boolean isAlways() {
		return this.windows.isEmpty();
	}

	public boolean isOpen(Instant instant) {
		return isAlways() || !containing(instant).isEmpty();
	}

	/**
	 * The instant a window next opens at or after the given one: the given instant itself
	 * when a window is open then.
	 * @throws IllegalStateException if no window opens within the next year, which no
	 * window {@link Window#parse(String)} accepts can do
	 */
	public Instant nextOpening(Instant instant) {
		return isOpen(instant) ? instant : next(instant).opens();
	}

	/**
	 * When the opening the given instant falls in ends: the first instant after it at
	 * which no window is open, across windows that overlap or follow each other. The
	 * given instant itself when no window is open then; empty when the windows stay open
	 * for more than a year ahead, as with none or with {@code daily 00:00-24:00}.
	 */
	public Optional<Instant> closesAt(Instant instant) {
		if (isAlways()) {
			return Optional.empty();
		}
		Instant end = instant;
		List<Opening> open = containing(end);
		while (!open.isEmpty()) {
			end = open.stream().map(Opening::closes).max(Comparator.naturalOrder()).get();
			if (Duration.between(instant, end).compareTo(LOOK_AHEAD) > 0) {
				return Optional.empty();
			}
			open = containing(end);
		}
		return Optional.of(end);
	}

	/**
	 * For people: when the next window opens, in that window's zone, such as
	 * {@code next window opens Tue 09:00 Europe/Berlin}; with its date when it is a week
	 * or more away. {@code a window is open now} when one is, and
	 * {@code always open: no windows} when there are none.
	 */
	public String describeNextOpening(Instant instant) {
		if (isAlways()) {
			return "always open: no windows";
		}
		if (isOpen(instant)) {
			return "a window is open now";
		}
		Opening next = next(instant);
		ZonedDateTime opens = next.opens().atZone(next.window().zone());
		boolean farAway = Duration.between(instant, next.opens()).compareTo(Duration.ofDays(7)) >= 0;
		return "next window opens " + (farAway ? DAY_DATE_AND_TIME : DAY_AND_TIME).format(opens) + " "
				+ next.window().zone().getId();
	}

	/**
	 * The windows as {@link Window#parse(String)} reads each, separated by commas.
	 */
	@Override
	public String toString() {
		return this.windows.stream().map(Window::toString).collect(Collectors.joining(", "));
	}

	private List<Opening> containing(Instant instant) {
		// an opening lasts at most a day, so only those of the days around can hold it
		return this.windows.stream().flatMap((window) -> {
			LocalDate day = LocalDate.ofInstant(instant, window.zone());
			return day.minusDays(2).datesUntil(day.plusDays(2)).flatMap((date) -> window.openingOn(date).stream());
		}).filter((opening) -> opening.contains(instant)).toList();
	}

	private Opening next(Instant instant) {
		return this.windows.stream()
			.flatMap((window) -> firstOpeningAfter(window, instant).stream())
			.min(Comparator.comparing(Opening::opens))
			.orElseThrow(() -> new IllegalStateException(
					"no window of " + this + " opens within " + LOOK_AHEAD.toDays() + " days of " + instant));
	}

	private static Optional<Opening> firstOpeningAfter(Window window, Instant instant) {
		LocalDate day = LocalDate.ofInstant(instant, window.zone());
		return day.minusDays(2)
			.datesUntil(day.plusDays(LOOK_AHEAD.toDays()))
			.flatMap((date) -> window.openingOn(date).stream())
			.filter((opening) -> !opening.opens().isBefore(instant))
			.findFirst();
	}

}
