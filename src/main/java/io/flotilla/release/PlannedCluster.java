package io.flotilla.release;

import java.time.Instant;

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
 * @param pendingSince when the cluster's row last became pending: the release's start, or
 * the reset that put it back; null in a dry run
 */
public record PlannedCluster(String stage, String group, int wave, ClusterRef cluster, Instant pendingSince) {

	/**
	 * A cluster as the dry run and the start place it, before it has a row.
	 */
	public PlannedCluster(String stage, String group, int wave, ClusterRef cluster) {
		this(stage, group, wave, cluster, null);
	}

	public boolean alreadyCurrent() {
		return this.wave == 0;
	}

}
