package io.flotilla.release;

/**
 * A cluster that failed in a release, and why.
 *
 * @param stage the stage it belongs to
 * @param cluster {@code context/namespace/name}
 * @param reason what went wrong, as recorded with the wave
 */
public record ClusterFailure(String stage, String cluster, String reason) {

}
