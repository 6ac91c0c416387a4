package io.flotilla.release;

import java.util.List;

/**
 * The clusters of one group upgraded together between two checkpoints: the item of a
 * rollout step's chunk.
 */
record Wave(String stage, String group, int number, List<ClusterRow> clusters) {

}
