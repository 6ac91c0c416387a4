package io.flotilla.release;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.flotilla.control.ClusterState;
import io.flotilla.release.ReleaseException.Reason;

/**
 * One page of a release's clusters, for a console that shows fleets of thousands a page
 * at a time.
 *
 * @param items the clusters on this page, in the query's order
 * @param page the page number, from 0
 * @param size the most clusters a page holds
 * @param total how many clusters match the query, on every page together
 */
public record ClusterPage(List<Row> items, int page, int size, long total) {

	/**
	 * A cluster of a release as its row stands.
	 *
	 * @param context the kubeconfig context
	 * @param namespace the namespace of its StatefulSet
	 * @param name the StatefulSet's name
	 * @param stage the plan stage it is in
	 * @param group the stage's group it is in
	 * @param wave its wave in the group; 0 for one that was current at the start
	 * @param state where it stands
	 * @param fromVersion the version it was found at, or null when not known
	 * @param toVersion the release's target version
	 * @param reason why it failed or was skipped, or null
	 * @param updatedAt when its row last changed
	 */
	public record Row(String context, String namespace, String name, String stage, String group, int wave,
			ClusterState state, String fromVersion, String toVersion, String reason, Instant updatedAt) {

	}

	/**
	 * Which clusters a page shows and in which order. Every filter is optional (null).
	 *
	 * @param state only clusters in this state
	 * @param stage only clusters of this stage
	 * @param group only clusters of this group
	 * @param text only clusters whose context, namespace or name contains it, ignoring
	 * case and taking {@code %} and {@code _} literally
	 * @param sort the order
	 * @param descending whether the sort key runs backwards; ties stay in stage order
	 * @param page the page number, from 0
	 * @param size the most clusters a page holds, 1 to {@value #MAX_SIZE}
	 */
	public record Query(ClusterState state, String stage, String group, String text, Sort sort, boolean descending,
			int page, int size) {

		/** The page size when the caller names none. */
		public static final int DEFAULT_SIZE = 50;

		/** The largest page: more rows than a screen holds, few enough to answer fast. */
		public static final int MAX_SIZE = 500;

		/**
		 * The query that request parameters ask for, each as sent and null when absent.
		 * @param sort a {@link Sort} name, optionally followed by {@code ,asc} or
		 * {@code ,desc}
		 * @throws ReleaseException INVALID naming the parameter and what it takes
		 */
		public static Query parse(String state, String stage, String group, String text, String sort, String page,
				String size) {
			String[] sortParts = blankToNull(sort) != null ? sort.split(",", -1) : new String[] { "stage" };
			if (sortParts.length > 2) {
				throw invalid("sort", sort,
						"a key and at most one direction: " + Sort.allowed() + ", then ,asc or ,desc");
			}
			return new Query(clusterState(state), blankToNull(stage), blankToNull(group), blankToNull(text),
					Sort.parse(sortParts[0], sort), descending(sortParts, sort),
					number("page", page, 0, 0, Integer.MAX_VALUE), number("size", size, DEFAULT_SIZE, 1, MAX_SIZE));
		}

		/**
		 * Where this page starts among the matching clusters.
		 */
		public long offset() {
			return (long) this.page * this.size;
		}

		private static ClusterState clusterState(String value) {
			if (blankToNull(value) == null) {
				return null;
			}
			try {
				return ClusterState.valueOf(value.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				String allowed = Arrays.stream(ClusterState.values()).map(Enum::name).collect(Collectors.joining(", "));
				throw invalid("state", value, "one of " + allowed);
			}
		}

		private static boolean descending(String[] sortParts, String sort) {
			if (sortParts.length < 2) {
				return false;
			}
			return switch (sortParts[1].trim().toLowerCase(Locale.ROOT)) {
				case "asc" -> false;
				case "desc" -> true;
				default -> throw invalid("sort", sort, "a direction of asc or desc after the comma");
			};
		}

		static int number(String parameter, String value, int absent, int min, int max) {
			if (blankToNull(value) == null) {
				return absent;
			}
			String allowed = (max == Integer.MAX_VALUE) ? "a whole number from " + min
					: "a whole number from " + min + " to " + max;
			try {
				int number = Integer.parseInt(value.trim());
				if (number < min || number > max) {
					throw invalid(parameter, value, allowed);
				}
				return number;
			}
			catch (NumberFormatException ex) {
				throw invalid(parameter, value, allowed);
			}
		}

		static String blankToNull(String value) {
			return (value == null || value.isBlank()) ? null : value;
		}

	}

	/**
	 * What a page is sorted by; ties always fall back to stage order, so a page boundary
	 * never splits rows at random.
	 */
	public enum Sort {

		/** The plan's stage order, then context, namespace and name: the default. */
		STAGE,
		/** Context, namespace and name. */
		NAME,
		/** The order of {@link ClusterState}'s constants, pending first. */
		STATE,
		/** The wave number. */
		WAVE,
		/** When the row last changed. */
		UPDATED;

		static Sort parse(String key, String sort) {
			try {
				return valueOf(key.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw invalid("sort", sort, "one of " + allowed() + ", optionally followed by ,asc or ,desc");
			}
		}

		static String allowed() {
			return Arrays.stream(values())
				.map((sort) -> sort.name().toLowerCase(Locale.ROOT))
				.collect(Collectors.joining(", "));
		}

	}

	private static ReleaseException invalid(String parameter, String value, String allowed) {
		return new ReleaseException(Reason.INVALID,
				"parameter '" + parameter + "' cannot be '" + value + "': it takes " + allowed);
	}

}
