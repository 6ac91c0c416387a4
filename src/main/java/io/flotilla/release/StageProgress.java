package io.flotilla.release;

import java.time.Instant;
import java.util.List;

/**
 * How far a stage of a release has come.
 *
 * @param name the stage
 * @param clusters all clusters of the stage
 * @param pending clusters not upgraded yet
 * @param upgraded clusters this release upgraded
 * @param alreadyCurrent clusters found at the target
 * @param skippedNewer clusters left alone because they were newer than the target
 * @param skippedClaimed clusters left out because another release held them
 * @param failed clusters that failed, with their reasons in {@code failures}
 * @param unhealthy clusters upgraded, then found failing a check that records or pauses
 * @param skippedUnhealthy clusters left as they were because they failed their checks
 * before their patch
 * @param inFlight clusters being upgraded right now, not recorded yet (counted by the
 * server that runs the release)
 * @param waves waves of the stage's largest group
 * @param currentWave the lowest wave with pending clusters, or null when none is pending
 * @param bakeUntil when the stage's bake ends, or null before it starts
 * @param failures the failed clusters and why
 */
public record StageProgress(String name, int clusters, int pending, int upgraded, int alreadyCurrent, int skippedNewer,
		int skippedClaimed, int failed, int unhealthy, int skippedUnhealthy, int inFlight, int waves,
		Integer currentWave, Instant bakeUntil, List<ClusterFailure> failures) {

	public int done() {
		return this.clusters - this.pending;
	}

	public StageProgress withFailures(List<ClusterFailure> failures) {
		return new StageProgress(this.name, this.clusters, this.pending, this.upgraded, this.alreadyCurrent,
				this.skippedNewer, this.skippedClaimed, this.failed, this.unhealthy, this.skippedUnhealthy,
				this.inFlight, this.waves, this.currentWave, this.bakeUntil, failures);
	}

	public StageProgress withInFlight(int inFlight) {
		return new StageProgress(this.name, this.clusters, this.pending, this.upgraded, this.alreadyCurrent,
				this.skippedNewer, this.skippedClaimed, this.failed, this.unhealthy, this.skippedUnhealthy, inFlight,
				this.waves, this.currentWave, this.bakeUntil, this.failures);
	}

}
