package io.flotilla.fleet;

/**
 * What an earlier execution of a release left on a cluster, as a restart finds it: the
 * outcome of a cluster the release patched is known at once when it is ready or past its
 * ready deadline, so a restart records those before it waits on any still in flight.
 */
public enum PriorChange {

	/** Not patched by this release. */
	NONE,

	/** Patched by this release and ready, or past its deadline: its outcome is known. */
	SETTLED,

	/** Patched by this release, not ready yet, and still within its deadline. */
	IN_FLIGHT

}
