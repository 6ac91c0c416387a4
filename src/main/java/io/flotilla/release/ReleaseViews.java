package io.flotilla.release;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.flotilla.control.Gate;
import io.flotilla.control.ReleaseState;

/**
 * What a person watching releases reads beyond {@link ReleaseService}: the releases a
 * page at a time with what needs a human first, one release's whole picture, and one
 * cluster with its live resource. Reads only; every change still goes through
 * {@link ReleaseService}.
 */
public interface ReleaseViews {

	/**
	 * One page of the releases: those awaiting a signal first (a gate, a pause, a
	 * breached budget, a failure), then those working, then those waiting for a timer,
	 * then the ended ones; newest first within each.
	 * @throws ReleaseException INVALID for a bad query
	 */
	ReleaseList releases(ListQuery query);

	/**
	 * The release with each stage's budget and approvers, each group's progress and every
	 * committed wave.
	 * @throws ReleaseException NOT_FOUND for an unknown release
	 */
	ReleaseDetail detail(String id);

	/**
	 * One cluster of a release as recorded, and its resource as the Kubernetes API holds
	 * it now: read once, when asked.
	 * @throws ReleaseException NOT_FOUND for an unknown release or a cluster not in it
	 */
	ClusterDetail cluster(String releaseId, String context, String namespace, String name);

	/**
	 * @param states the states to show, or empty for every state
	 * @param plan only this plan's releases, or null
	 * @param text a part of the id, plan, version or starter, or null
	 */
	record ListQuery(Set<ReleaseState> states, String plan, String text, int page, int size) {

		/** The page size when the caller names none. */
		public static final int DEFAULT_SIZE = 25;

		/** The largest page. */
		public static final int MAX_SIZE = 200;

		/**
		 * The query that request parameters ask for, each as sent and null when absent.
		 * @param states release states, comma separated
		 * @throws ReleaseException INVALID naming the parameter and what it takes
		 */
		public static ListQuery parse(String states, String plan, String text, String page, String size) {
			return new ListQuery(states(states), ClusterPage.Query.blankToNull(plan),
					ClusterPage.Query.blankToNull(text),
					ClusterPage.Query.number("page", page, 0, 0, Integer.MAX_VALUE),
					ClusterPage.Query.number("size", size, DEFAULT_SIZE, 1, MAX_SIZE));
		}

		public long offset() {
			return (long) this.page * this.size;
		}

		private static Set<ReleaseState> states(String states) {
			if (states == null || states.isBlank()) {
				return Set.of();
			}
			return Arrays.stream(states.split(",")).map(ListQuery::state).collect(Collectors.toSet());
		}

		private static ReleaseState state(String state) {
			try {
				return ReleaseState.valueOf(state.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				String allowed = Arrays.stream(ReleaseState.values()).map(Enum::name).collect(Collectors.joining(", "));
				throw new ReleaseException(ReleaseException.Reason.INVALID, "parameter 'state' cannot be '" + state
						+ "': it takes one or more of " + allowed + ", comma separated");
			}
		}

	}

	/**
	 * @param total how many releases match the query
	 * @param counts how many releases there are in each state, whatever the query
	 */
	record ReleaseList(List<ReleaseStatus> items, int page, int size, long total, Map<ReleaseState, Long> counts) {

	}

	/**
	 * @param currentStage the stage the release is in or stopped at, or null before the
	 * first
	 * @param waitingFor the gate it waits at, or null
	 * @param stages per stage, in plan order: its budget and who may pass its gate
	 * @param groups per group, stages in plan order and groups by name: its clusters by
	 * state and those in flight
	 * @param waves every wave with an outcome, in the order they committed
	 */
	record ReleaseDetail(ReleaseStatus status, String currentStage, Gate waitingFor, List<StageRules> stages,
			List<GroupProgress> groups, List<WaveOutcome> waves) {

	}

	/**
	 * @param allowedFailures how many clusters of the stage may fail before it stops
	 * @param acceptedFailures failures a continue, resume or reset accepted, not counted
	 * again
	 * @param approvers the groups whose members may pass the stage's gate; empty for any
	 * operator
	 * @param bakeSeconds how long the stage bakes after its last wave
	 */
	record StageRules(String name, int allowedFailures, int acceptedFailures, List<String> approvers,
			long bakeSeconds) {

	}

	/**
	 * @param skipped clusters passed over: newer than the target, or held by another
	 * release
	 * @param inFlight clusters being upgraded right now, by this server
	 */
	record GroupProgress(String stage, String group, int clusters, int pending, int upgraded, int alreadyCurrent,
			int skipped, int failed, int inFlight) {

		public int done() {
			return this.clusters - this.pending;
		}

	}

	/**
	 * @param committedAt when the last of its outcomes was recorded
	 */
	record WaveOutcome(String stage, String group, int wave, int clusters, int upgraded, int failed, int other,
			Instant committedAt) {

	}

	/**
	 * @param cluster the cluster's row, as the release recorded it
	 * @param live the resource now, or null when it could not be read
	 * @param liveError why it could not be read, or null
	 */
	record ClusterDetail(ClusterPage.Row cluster, LiveResource live, String liveError) {

	}

	/**
	 * @param exists false when the resource is gone
	 * @param version the version it runs now
	 * @param notReady what its readiness rule still misses, or null when it is ready
	 * @param patchedBy the release whose patch it carries ({@code flotilla.io/release})
	 * @param patchedAt when that patch was sent ({@code flotilla.io/patched-at})
	 * @param status its status as YAML
	 */
	record LiveResource(boolean exists, String version, String notReady, String patchedBy, String patchedAt,
			String status) {

	}

}
