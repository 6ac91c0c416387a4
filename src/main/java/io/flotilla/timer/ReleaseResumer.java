package io.flotilla.timer;

/**
 * What a timer does when it fires: resume the release it was set for. Implemented by the
 * release package, so that timers depend on nothing of the releases they wake up.
 */
public interface ReleaseResumer {

	/**
	 * Resumes a release whose timer came due. Safe to call again: a release already
	 * running or finished is left as it is.
	 */
	void resumeWhenDue(String releaseId);

	/**
	 * Restarts a release whose execution failed, as its plan's restart policy asked when
	 * it set this timer. Safe to call again: a release no longer FAILED (a person resumed
	 * or cancelled it meanwhile) is left as it is.
	 */
	void restartAfterFailure(String releaseId);

}
