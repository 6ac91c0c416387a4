package io.flotilla.calendar;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The freezes in force or planned. A release held by several freezes that overlap or
 * follow each other may go again only once the last of them ends.
 *
 * @param freezes every freeze, in any order
 */
public record Freezes(List<Freeze> freezes) {

	/**
	 * No freezes: nothing is ever frozen.
	 */
	public static final Freezes NONE = new Freezes(List.of());

	// an open-ended freeze lasts longest
	private static final Comparator<Freeze> BY_END = Comparator.comparing(Freeze::until,
			Comparator.nullsLast(Comparator.naturalOrder()));

	public Freezes {
		freezes = List.copyOf(freezes);
	}

	/**
	 * The freezes, refused when two planned ones of the same scope overlap: one of them
	 * is a mistake, and which one is for people to say.
	 * @throws CalendarException naming both freezes of each overlap, one overlap a line
	 */
	public static Freezes checked(List<Freeze> freezes) {
		List<String> overlaps = new ArrayList<>();
		for (int i = 0; i < freezes.size(); i++) {
			for (int j = i + 1; j < freezes.size(); j++) {
				Freeze first = freezes.get(i);
				Freeze second = freezes.get(j);
				if (overlap(first, second)) {
					overlaps.add("freeze " + first.describe() + ", " + first.span() + ", overlaps freeze "
							+ second.describe() + ", " + second.span() + "; change or end one of them");
				}
			}
		}
		if (!overlaps.isEmpty()) {
			throw new CalendarException(String.join("\n", overlaps));
		}
		return new Freezes(freezes);
	}

	/**
	 * The freeze that holds a release of a plan with the given selector at the given
	 * instant; of several, the one that lasts longest.
	 */
	public Optional<Freeze> frozen(Instant instant, Map<String, String> planSelector) {
		return this.freezes.stream().filter((freeze) -> freeze.covers(instant, planSelector)).max(BY_END);
	}

	/**
	 * When such a release may go again: the end of the last freeze of the chain of
	 * overlapping or adjacent freezes that holds it. The given instant itself when none
	 * does; empty when one of the chain lasts until someone ends it.
	 */
	public Optional<Instant> thawsAt(Instant instant, Map<String, String> planSelector) {
		List<Freeze> chain = chain(instant, planSelector);
		return chain.isEmpty() ? Optional.of(instant) : Optional.ofNullable(chain.get(chain.size() - 1).until());
	}

	/**
	 * The freezes that hold a release one after the other from the given instant, each
	 * covering the end of the one before: of those in force at a time, the one that ends
	 * last. Ends with an open-ended freeze when the chain reaches one.
	 */
	List<Freeze> chain(Instant instant, Map<String, String> planSelector) {
		List<Freeze> chain = new ArrayList<>();
		Optional<Freeze> holding = frozen(instant, planSelector);
		// every freeze of the chain ends later than the one before, so none comes twice
		while (holding.isPresent()) {
			chain.add(holding.get());
			holding = holding.filter((freeze) -> !freeze.isOpenEnded())
				.flatMap((freeze) -> frozen(freeze.until(), planSelector));
		}
		return chain;
	}

	private static boolean overlap(Freeze first, Freeze second) {
		return !first.isOpenEnded() && !second.isOpenEnded() && first.selector().equals(second.selector())
				&& first.from().isBefore(second.until()) && second.from().isBefore(first.until());
	}

}
