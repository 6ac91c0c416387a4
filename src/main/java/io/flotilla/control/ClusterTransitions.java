package io.flotilla.control;

import java.util.Set;

import static io.flotilla.control.ClusterState.ALREADY_CURRENT;
import static io.flotilla.control.ClusterState.FAILED;
import static io.flotilla.control.ClusterState.PENDING;
import static io.flotilla.control.ClusterState.SKIPPED_CLAIMED;
import static io.flotilla.control.ClusterState.SKIPPED_NEWER;
import static io.flotilla.control.ClusterState.SKIPPED_UNHEALTHY;
import static io.flotilla.control.ClusterState.UNHEALTHY;
import static io.flotilla.control.ClusterState.UPGRADED;

/**
 * The one table of every change a cluster's state may make within a release, with the
 * same two outcomes as {@link ReleaseTransitions}: a change not in the table throws
 * {@link IllegalTransitionException}; a compare-and-set that finds the cluster moved on
 * already changes nothing and says so. A cluster starts {@link ClusterState#PENDING}, or
 * {@link ClusterState#ALREADY_CURRENT} when the fleet was listed at the target.
 */
public final class ClusterTransitions {

	private static final TransitionTable<ClusterState> TABLE = new TransitionTable<>("cluster", ClusterState.class)
		// a wave's outcomes
		.allow(UPGRADED, PENDING)
		.allow(ALREADY_CURRENT, PENDING)
		.allow(SKIPPED_NEWER, PENDING)
		.allow(FAILED, PENDING)
		// held by another release when this one started, and left out
		.allow(SKIPPED_CLAIMED, PENDING)
		// failing its checks before the patch: left as it was
		.allow(SKIPPED_UNHEALTHY, PENDING)
		// a check that failed after the wave committed: recorded, or failing the cluster
		.allow(UNHEALTHY, UPGRADED)
		.allow(FAILED, UPGRADED)
		// a reset retries the failed clusters of a stage and checks the unhealthy again
		.allow(PENDING, FAILED)
		.allow(UPGRADED, UNHEALTHY);

	private ClusterTransitions() {
	}

	public static boolean allows(ClusterState from, ClusterState to) {
		return TABLE.allows(from, to);
	}

	/**
	 * @param cluster the cluster's key, for the message
	 * @throws IllegalTransitionException unless the change from each of the states is in
	 * the table
	 */
	public static void check(String cluster, Set<ClusterState> from, ClusterState to) {
		TABLE.check(cluster, from, to);
	}

}
