package io.flotilla.release;

import io.flotilla.fleet.ClusterRef;

/**
 * Where a cluster falls in a release: its stage, group and wave, or already at the
 * target.
 *
 * @param stage the stage's name
 * @param group the group's name
 * @param wave 1-based wave within the group, or 0 when the cluster is already at the
 * target
 * @param cluster the cluster with the version read when the fleet was listed
 */
public record PlannedCluster(String stage, String group, int wave, ClusterRef cluster) {

	public boolean alreadyCurrent() {
		return this.wave == 0;
	}

}
