package io.flotilla.release;

/**
 * A cluster's place in a release. Every state but {@link #PENDING} is an outcome,
 * committed with the wave that produced it.
 */
public enum ClusterState {

	PENDING, UPGRADED, ALREADY_CURRENT, FAILED

}
