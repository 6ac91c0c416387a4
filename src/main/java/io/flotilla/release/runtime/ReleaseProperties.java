package io.flotilla.release.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.flotilla.calendar.Freeze;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the server reaches the fleet and how much it runs at once.
 *
 * @param kubeconfig the kubeconfig whose contexts the plans name
 * @param releases limits on concurrent work
 * @param freezes the planned freezes
 */
@ConfigurationProperties("flotilla")
record ReleaseProperties(String kubeconfig, @DefaultValue Releases releases, @DefaultValue FreezeSettings freezes) {

	/**
	 * @param planned freezes known ahead: a holiday, a customer's busy week
	 */
	record FreezeSettings(@DefaultValue List<PlannedFreeze> planned) {

		List<Freeze> toFreezes() {
			List<Freeze> freezes = new ArrayList<>();
			for (int i = 0; i < this.planned.size(); i++) {
				freezes.add(this.planned.get(i).toFreeze("flotilla.freezes.planned[" + i + "]"));
			}
			return freezes;
		}

	}

	/**
	 * A planned freeze, its times as ISO date-times with an offset, such as
	 * {@code 2026-12-24T00:00+01:00}.
	 *
	 * @param until its end, or empty for one that lasts until the configuration changes
	 * @param selector the plan labels it covers; empty for the whole fleet
	 */
	record PlannedFreeze(String from, String until, String reason, @DefaultValue Map<String, String> selector) {

		Freeze toFreeze(String where) {
			if (this.reason == null || this.reason.isBlank()) {
				throw new IllegalStateException(where + ".reason: a planned freeze needs a reason");
			}
			return new Freeze(instant(where + ".from", this.from),
					(this.until == null || this.until.isBlank()) ? null : instant(where + ".until", this.until),
					this.reason, "configuration", this.selector);
		}

		private static Instant instant(String where, String text) {
			if (text == null || text.isBlank()) {
				throw new IllegalStateException(where + ": is required, such as 2026-12-24T00:00+01:00");
			}
			try {
				return OffsetDateTime.parse(text).toInstant();
			}
			catch (DateTimeParseException ex) {
				throw new IllegalStateException(where + ": '" + text
						+ "' is not a date and time with an offset, such as 2026-12-24T00:00+01:00");
			}
		}

	}

	/**
	 * @param concurrent releases whose jobs run at the same time; more wait in a queue
	 * @param partitionThreads cluster groups rolling out at the same time, over all
	 * releases
	 * @param claimRecheck how often a stage waiting for clusters other releases hold
	 * looks again
	 */
	record Releases(@DefaultValue("8") int concurrent, @DefaultValue("64") int partitionThreads,
			@DefaultValue("30s") Duration claimRecheck) {

	}

}
