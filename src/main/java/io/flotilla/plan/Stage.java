package io.flotilla.plan;

import java.time.Duration;
import java.util.List;

import io.flotilla.calendar.OpenHours;
import io.flotilla.plan.check.Check;

/**
 * An ordered part of a release. Its groups roll out side by side, wave by wave.
 *
 * @param name unique within the plan
 * @param groups one or more cluster groups
 * @param waveSize clusters per wave
 * @param firstWaveSize clusters in the first wave of each group (a canary), or 0 for none
 * @param parallelism clusters upgraded at once inside a wave
 * @param readyTimeout how long a patched cluster may take to become ready before it fails
 * @param failureBudget how many clusters of the stage may fail before the release pauses
 * @param bake how long the stage must stay healthy before the next stage starts
 * @param approval whether the release waits for an engineer's approval before the stage
 * starts
 * @param pauseAfterFirstWave whether the release stops after the stage's first wave so
 * that an engineer can look at it before the rest rolls out
 * @param approvers the groups whose members may pass the stage's gates, its approval and
 * its pause after the first wave; empty means anyone with the operator role. Taken from
 * the stage, else from the plan's {@code defaults}, else from the plan's own approvers
 * @param windows when the stage's clusters may be upgraded; always when it has none.
 * Taken from the stage, else from the plan's {@code defaults}, else from the plan's own
 * windows
 * @param soak how long a cluster's checks watch it after it is ready
 * @param checks the health checks that watch the stage's clusters, taken from the stage,
 * else from the plan's {@code defaults}, else from the plan's own checks. Read and
 * validated, not run yet
 * @param production whether the stage reaches the clusters customers depend on: what a
 * rehearsal counts a broken cluster getting to, since every stage before it exists to
 * stop a bad version first
 */
public record Stage(String name, List<Group> groups, int waveSize, int firstWaveSize, int parallelism,
		Duration readyTimeout, FailureBudget failureBudget, Duration bake, boolean approval,
		boolean pauseAfterFirstWave, List<String> approvers, OpenHours windows, Duration soak, List<Check> checks,
		boolean production) {

	public Stage {
		groups = List.copyOf(groups);
		approvers = List.copyOf(approvers);
		checks = List.copyOf(checks);
	}

}
