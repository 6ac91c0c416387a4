package io.flotilla.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseFreezes.FreezeView;

/**
 * How the pages show states and times, in one place so every page shows them alike: what
 * needs a human in one colour, what works in another, what failed in red. Times are UTC,
 * the zone the audit log and the CLI use.
 */
final class Looks {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	/**
	 * The badge class of a release state.
	 */
	public String state(ReleaseState state) {
		if (state == ReleaseState.FAILED || state == ReleaseState.BUDGET_EXCEEDED) {
			return "state bad";
		}
		if (ReleaseState.AWAITING_SIGNAL.contains(state)) {
			return "state human";
		}
		if (state.isActive()) {
			return "state active";
		}
		if (ReleaseState.TIMED.contains(state)) {
			return "state timed";
		}
		return (state == ReleaseState.COMPLETED) ? "state done" : "state";
	}

	/**
	 * The badge class of a cluster state.
	 */
	public String cluster(ClusterState state) {
		return switch (state) {
			case FAILED, UNHEALTHY -> "state bad";
			case UPGRADED, ALREADY_CURRENT -> "state done";
			case PENDING -> "state";
			default -> "state timed";
		};
	}

	public String time(Instant instant) {
		return (instant != null) ? TIME.format(instant) : "";
	}

	/**
	 * A freeze that holds, in the words of the releases page's banner: "Frozen: incident
	 * 123 (by alice, since 2026-12-01 10:00:00 UTC) — the whole fleet".
	 */
	public String freeze(FreezeView freeze) {
		String until = (freeze.until() != null) ? ", until " + time(freeze.until()) : "";
		return "Frozen: %s (by %s, since %s%s) — %s".formatted(freeze.reason(), freeze.by(), time(freeze.from()), until,
				scope(freeze.selector()));
	}

	private static String scope(Map<String, String> selector) {
		if (selector.isEmpty()) {
			return "the whole fleet";
		}
		return "plans selecting " + selector.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((label) -> label.getKey() + "=" + label.getValue())
			.collect(Collectors.joining(","));
	}

	/**
	 * A bar segment's width, as a CSS percentage of the whole.
	 */
	public String width(int part, int whole) {
		return String.format(Locale.ROOT, "width: %.2f%%", (whole > 0) ? 100.0 * part / whole : 0.0);
	}

}
