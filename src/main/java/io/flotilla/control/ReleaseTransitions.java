package io.flotilla.control;

import java.util.Set;

import static io.flotilla.control.ReleaseState.AWAITING_APPROVAL;
import static io.flotilla.control.ReleaseState.AWAITING_CLAIMS;
import static io.flotilla.control.ReleaseState.BAKING;
import static io.flotilla.control.ReleaseState.BUDGET_EXCEEDED;
import static io.flotilla.control.ReleaseState.CANCELLED;
import static io.flotilla.control.ReleaseState.CANCELLING;
import static io.flotilla.control.ReleaseState.COMPLETED;
import static io.flotilla.control.ReleaseState.FAILED;
import static io.flotilla.control.ReleaseState.PAUSED;
import static io.flotilla.control.ReleaseState.PAUSING;
import static io.flotilla.control.ReleaseState.RUNNING;
import static io.flotilla.control.ReleaseState.STARTING;
import static io.flotilla.control.ReleaseState.WAITING_FOR_WINDOW;

/**
 * The one table of every change a release's state may make, by an engineer's signal
 * (every edge of {@link SignalRules}) or by the job itself. Whoever stores a new state
 * checks the change here first.
 * <p>
 * Two outcomes are told apart:
 * <ul>
 * <li>A change the table does not allow is a bug in the code that asked for it: it throws
 * {@link IllegalTransitionException}, naming the release, the state it came from and the
 * state it was to go to, and nothing is changed. Inside a job that fails the execution
 * with that message.</li>
 * <li>A change the table allows is stored as a compare-and-set on the state the caller
 * expects. When another legal change came first (an engineer's cancel won over a bake
 * that was about to start), the compare-and-set changes nothing and reports it: the
 * caller sees {@code false} and goes by the state that won.</li>
 * </ul>
 * A new state (waiting for a deployment window, a failing health check, rolling back) is
 * one more row below, and a column in {@code ReleaseTransitionsTests}.
 */
public final class ReleaseTransitions {

	private static final TransitionTable<ReleaseState> TABLE = new TransitionTable<>("release", ReleaseState.class)
		// an execution begins: a start, a restart after a bake, a gate or a signal
		.allow(RUNNING, STARTING, BAKING, AWAITING_CLAIMS, WAITING_FOR_WINDOW, RUNNING)
		.allow(BAKING, STARTING, RUNNING)
		// clusters of the next stage are held by other releases
		.allow(AWAITING_CLAIMS, STARTING, RUNNING)
		// the stage's windows are closed, or a freeze holds the release, before a wave
		.allow(WAITING_FOR_WINDOW, STARTING, RUNNING)
		// an approval gate, or a look at a stage's first wave
		.allow(AWAITING_APPROVAL, STARTING, RUNNING)
		.allow(BUDGET_EXCEEDED, STARTING, RUNNING)
		// the execution stopped because a pause was asked for, or without a reason
		.allow(PAUSED, RUNNING, PAUSING)
		// a cancel asked for while clusters were in flight ends with the execution
		.allow(CANCELLED, CANCELLING, CANCELLED)
		.allow(COMPLETED, RUNNING, PAUSING, CANCELLING)
		// an error that is not a cluster's outcome, also in a release paused meanwhile
		// (a group still rolling when its stage stopped) or failed before
		.allow(FAILED, STARTING, RUNNING, PAUSING, PAUSED, BAKING, AWAITING_CLAIMS, WAITING_FOR_WINDOW,
				AWAITING_APPROVAL, BUDGET_EXCEEDED, FAILED);

	static {
		SignalRules.edges(TABLE::allow);
	}

	private ReleaseTransitions() {
	}

	public static boolean allows(ReleaseState from, ReleaseState to) {
		return TABLE.allows(from, to);
	}

	/**
	 * @throws IllegalTransitionException unless the change from each of the states is in
	 * the table
	 */
	public static void check(String releaseId, Set<ReleaseState> from, ReleaseState to) {
		TABLE.check(releaseId, from, to);
	}

}
