package io.flotilla.calendar;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A time in which releases must not move, whatever their windows say: over a holiday, or
 * at once during an incident. A freeze names its reason and who set it, because whoever
 * finds a release held wants to know whom to ask.
 *
 * @param from the first instant frozen
 * @param until the first instant no longer frozen, or null for a freeze that lasts until
 * someone ends it
 * @param reason why, in the words of who set it
 * @param by who set it
 * @param selector the plan labels it covers: a release whose plan's selector holds every
 * one of these label pairs; empty for the whole fleet
 */
public record Freeze(Instant from, Instant until, String reason, String by, Map<String, String> selector) {

	private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	public Freeze {
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(by, "by");
		selector = Map.copyOf(selector);
		if (until != null && !until.isAfter(from)) {
			throw new CalendarException(
					"freeze '" + reason + "' must end after it starts, not at " + at(until) + " from " + at(from));
		}
	}

	/**
	 * A freeze of the whole fleet.
	 */
	public static Freeze ofFleet(Instant from, Instant until, String reason, String by) {
		return new Freeze(from, until, reason, by, Map.of());
	}

	public boolean isOpenEnded() {
		return this.until == null;
	}

	/**
	 * Whether it covers releases of a plan with the given selector, at any time.
	 */
	public boolean appliesTo(Map<String, String> planSelector) {
		return planSelector.entrySet().containsAll(this.selector.entrySet());
	}

	/**
	 * Whether it holds a release of a plan with the given selector at the given instant.
	 */
	public boolean covers(Instant instant, Map<String, String> planSelector) {
		return !instant.isBefore(this.from) && (this.until == null || instant.isBefore(this.until))
				&& appliesTo(planSelector);
	}

	/**
	 * For people: its reason and who set it, {@code incident 123 (by alice)}.
	 */
	public String describe() {
		return this.reason + " (by " + this.by + ")";
	}

	/**
	 * For people: when it starts and ends and what it covers,
	 * {@code 2026-12-01 10:00 UTC until 2026-12-03 18:00 UTC, the whole fleet}.
	 */
	String span() {
		String end = (this.until != null) ? at(this.until) : "ended by hand";
		String scope = this.selector.isEmpty() ? "the whole fleet" : "plans selecting " + new TreeMap<>(this.selector);
		return at(this.from) + " until " + end + ", " + scope;
	}

	/**
	 * An instant for people, in UTC to the minute, or to the second when it has seconds.
	 */
	static String at(Instant instant) {
		return ((Math.floorMod(instant.getEpochSecond(), 60) == 0) ? MINUTES : SECONDS).format(instant) + " UTC";
	}

}
