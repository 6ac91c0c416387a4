package io.flotilla.calendar;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether a release may move at an instant, and if not, when it may and why not before.
 *
 * @param at the instant it may move: the instant asked about when it may then; empty when
 * a freeze without a planned end holds it, so that nobody can say
 * @param now whether it may move at the instant asked about
 * @param reason for people: {@code allowed now}, or each thing it waits for in turn, such
 * as {@code outside its windows: next window opens Tue 09:00 Europe/Berlin} or
 * {@code frozen: incident 123 (by alice), until 2026-12-03 18:00 UTC}, joined by
 * {@code ; then }
 */
public record Allowance(Optional<Instant> at, boolean now, String reason) {

	/**
	 * When a release of a plan with the given selector may move, from the given instant
	 * on: at the first instant at or after it at which one of its windows is open and no
	 * freeze holds it. Any instant will do: a bake that ends outside the windows asks
	 * from its end, and waits for the later of the two.
	 */
	public static Allowance whenAllowed(Instant now, OpenHours hours, Freezes freezes, Map<String, String> selector) {
		List<String> waits = new ArrayList<>();
		Instant at = now;
		// each turn passes a whole chain of freezes, or reaches an opening: so at most
		// one turn per freeze and one after each, and one more to find both clear
		int turns = 2 * freezes.freezes().size() + 2;
		for (int turn = 0; turn < turns; turn++) {
			List<Freeze> chain = freezes.chain(at, selector);
			if (!chain.isEmpty()) {
				Freeze last = chain.get(chain.size() - 1);
				waits.add("frozen: " + chain.stream().map(Freeze::describe).collect(Collectors.joining(", then "))
						+ ", until " + (last.isOpenEnded() ? "ended by hand" : Freeze.at(last.until())));
				if (last.isOpenEnded()) {
					return new Allowance(Optional.empty(), false, String.join("; then ", waits));
				}
				at = last.until();
			}
			else if (!hours.isOpen(at)) {
				waits.add("outside its windows: " + hours.describeNextOpening(at));
				at = hours.nextOpening(at);
			}
			else {
				return waits.isEmpty() ? new Allowance(Optional.of(now), true, "allowed now")
						: new Allowance(Optional.of(at), false, String.join("; then ", waits));
			}
		}
		throw new IllegalStateException("no instant found at which windows " + hours + " are open and no freeze of "
				+ freezes + " holds a release selecting " + selector + ", from " + now);
	}

}
