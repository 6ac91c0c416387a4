package io.flotilla.release.wave;

import io.flotilla.fleet.UpgradeRequest;
import io.flotilla.plan.Stage;

/**
 * One stage's rollout in one execution, as its reader and writer share it.
 *
 * @param releaseId the release
 * @param stage the stage rolled out
 * @param request what to change on each cluster
 * @param slots the groups' upgrade slots
 * @param wavesStep the name of the partitioned step, whose partitions are the groups
 */
record Rollout(String releaseId, Stage stage, UpgradeRequest request, StageSlots slots, String wavesStep) {

	String stageName() {
		return this.stage.name();
	}

}
