package io.flotilla.release;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.flotilla.account.Actor;

/**
 * Freezes: times in which the releases they cover start no new wave, whatever their
 * windows say, and schedules do not fire. Planned ones come from configuration
 * ({@code flotilla.freezes.planned}); an admin starts one at once, during an incident,
 * and ends it.
 */
public interface ReleaseFreezes {

	/**
	 * The freezes that hold now or will: those started and not ended, and the planned
	 * ones that have not passed, earliest first.
	 */
	List<FreezeView> list();

	/**
	 * Freezes the fleet, or the plans whose selector carries every given label, from now
	 * until {@link #end}: running releases it covers stop after their current wave.
	 * @throws ReleaseException FORBIDDEN unless an admin, INVALID without a reason or
	 * with a bad selector, CONFLICT when a started freeze of the same scope holds already
	 */
	FreezeView start(Actor by, String reason, Map<String, String> selector);

	/**
	 * Ends every freeze started by hand, and restarts the releases they held; a release a
	 * window or a planned freeze still holds waits on for that.
	 * @return the freezes ended
	 * @throws ReleaseException FORBIDDEN unless an admin, CONFLICT when none holds
	 */
	List<FreezeView> end(Actor by, String reason);

	/**
	 * Why a plan with this selector is frozen at that instant, if it is: "frozen:
	 * incident 123 (by alice), until ended by hand".
	 */
	Optional<String> frozen(Instant at, Map<String, String> planSelector);

	/**
	 * A freeze.
	 *
	 * @param id its number, or 0 for a planned one
	 * @param selector the plan labels it covers; empty for the whole fleet
	 * @param until its planned end, or null for one that lasts until ended
	 * @param planned whether it comes from configuration
	 */
	record FreezeView(long id, String reason, Map<String, String> selector, String by, Instant from, Instant until,
			boolean planned) {

		public FreezeView {
			selector = Map.copyOf(selector);
		}

	}

}
