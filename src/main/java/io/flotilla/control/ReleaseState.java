package io.flotilla.control;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a release stands. {@link #COMPLETED} and {@link #CANCELLED} are final; a release
 * in any other state is running, stopping, or stopped waiting for a timer or a person.
 * The groups of states that code asks about are named once here; which change of state is
 * allowed is {@link ReleaseTransitions}.
 */
public enum ReleaseState {

	/** Recorded, its job not started yet. */
	STARTING,
	/** A job execution is upgrading clusters. */
	RUNNING,
	/** A pause was asked for; the clusters in flight finish, no new one starts. */
	PAUSING,
	/** Stopped by an engineer; {@link Signal#RESUME} restarts it. */
	PAUSED,
	/**
	 * Stopped at an approval gate or after a stage's first wave; {@link Signal#CONTINUE}
	 * passes it.
	 */
	AWAITING_APPROVAL,
	/**
	 * Stopped because a stage's failures exceed its budget; continue accepts them, reset
	 * retries them.
	 */
	BUDGET_EXCEEDED,
	/** Stopped until a stage's bake ends; a timer resumes it. */
	BAKING,
	/**
	 * Stopped before a stage until it holds every cluster of the stage that other
	 * releases held ({@code onConflict: wait}); a timer looks again.
	 */
	AWAITING_CLAIMS,
	/**
	 * Stopped before a wave because its stage's deployment windows are closed or a freeze
	 * holds it; a timer restarts it when a window opens, or the freeze's end does.
	 */
	WAITING_FOR_WINDOW,
	/**
	 * A cancel was asked for while clusters were in flight; they finish, then the release
	 * ends for good.
	 */
	CANCELLING,
	/** Every stage is done. */
	COMPLETED,
	/** Ended for good by an engineer; clusters already upgraded stay as they are. */
	CANCELLED,
	/**
	 * The job failed on an error that is not a cluster's outcome; resume retries from the
	 * last committed wave.
	 */
	FAILED;

	/** Ended for good: nothing restarts the release, and its clusters are let go. */
	public static final Set<ReleaseState> TERMINAL = group(COMPLETED, CANCELLED);

	/** A job execution is, or is about to be, working on the release. */
	public static final Set<ReleaseState> ACTIVE = group(STARTING, RUNNING, PAUSING, CANCELLING);

	/**
	 * The job may start clusters: nobody asked it to stop. The watchdog keeps a release
	 * in these states running.
	 */
	public static final Set<ReleaseState> ADVANCING = group(STARTING, RUNNING);

	/** Stopped, waiting for a timer or a person's signal; nothing is in flight. */
	public static final Set<ReleaseState> WAITING = group(PAUSED, AWAITING_APPROVAL, BUDGET_EXCEEDED, BAKING,
			AWAITING_CLAIMS, WAITING_FOR_WINDOW, FAILED);

	/**
	 * Stopped until a timer restarts it: a bake, a look at clusters others hold, or a
	 * window's opening.
	 */
	public static final Set<ReleaseState> TIMED = group(BAKING, AWAITING_CLAIMS, WAITING_FOR_WINDOW);

	/**
	 * Stopped until an engineer sends a signal: what a person must look at first. The
	 * waiting states but {@link #BAKING}, which its timer ends.
	 */
	public static final Set<ReleaseState> AWAITING_SIGNAL = group(PAUSED, AWAITING_APPROVAL, BUDGET_EXCEEDED, FAILED);

	public boolean isActive() {
		return ACTIVE.contains(this);
	}

	public boolean isTerminal() {
		return TERMINAL.contains(this);
	}

	public boolean isAdvancing() {
		return ADVANCING.contains(this);
	}

	/**
	 * Whether the release stays where it is until a person acts: it ended, or it awaits a
	 * signal.
	 */
	public boolean isSettled() {
		return isTerminal() || AWAITING_SIGNAL.contains(this);
	}

	private static Set<ReleaseState> group(ReleaseState first, ReleaseState... rest) {
		return Collections.unmodifiableSet(EnumSet.of(first, rest));
	}

}
