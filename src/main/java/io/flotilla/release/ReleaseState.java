package io.flotilla.release;

/**
 * Where a release stands. Only {@link #COMPLETED} is final; every other state can be
 * resumed or waits for a timer.
 */
public enum ReleaseState {

	/** Recorded, its job not started yet. */
	STARTING,
	/** A job execution is upgrading clusters. */
	RUNNING,
	/** Stopped until a stage's bake ends; a timer resumes it. */
	BAKING,
	/** Stopped until someone resumes it, for example after a failure budget breach. */
	PAUSED,
	/** Every stage is done. */
	COMPLETED,
	/**
	 * The job failed on an error that is not a cluster's outcome; resume retries from the
	 * last committed wave.
	 */
	FAILED;

	public boolean isActive() {
		return this == STARTING || this == RUNNING;
	}

}
