package io.flotilla.release.wave;

import java.util.List;

import io.flotilla.release.PlannedCluster;

/**
 * The clusters of one group upgraded together between two checkpoints: the item of a
 * rollout step's chunk. A resumed wave holds the clusters of an interrupted wave that an
 * execution which died had changed already: they are only awaited, and committed before
 * the rest of their wave starts, so a restarted release is back where it was at once.
 */
record Wave(String stage, String group, int number, List<PlannedCluster> clusters, boolean resumed) {

	Wave(String stage, String group, int number, List<PlannedCluster> clusters) {
		this(stage, group, number, clusters, false);
	}

}
