package io.flotilla.release;

import io.flotilla.fleet.ClusterRef;

/**
 * One cluster of a release as recorded at its start.
 */
record ClusterRow(String stage, String group, int wave, ClusterRef cluster) {

}
