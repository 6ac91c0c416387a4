package io.flotilla.timer;

/**
 * What a release's health-check trigger does when it fires. Implemented by the release
 * package, so that timers depend on nothing of the releases they watch.
 */
public interface ReleaseWatch {

	/**
	 * Runs one round of the release's health checks. Safe to call again, and after a
	 * crash in the middle of a round: a round only reads the clusters and records the
	 * verdicts it reached, each in its own transaction, and a round cut short is simply
	 * run again by the next firing.
	 */
	void checkRound(String releaseId);

}
