package io.flotilla.control;

/**
 * Where a release stands. {@link #COMPLETED} and {@link #CANCELLED} are final; a release
 * in any other state is running, stopping, or stopped waiting for a timer or a person.
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

	/**
	 * Whether a job execution is (or is about to be) working on the release.
	 */
	public boolean isActive() {
		return this == STARTING || this == RUNNING || this == PAUSING || this == CANCELLING;
	}

	public boolean isFinal() {
		return this == COMPLETED || this == CANCELLED;
	}

}
