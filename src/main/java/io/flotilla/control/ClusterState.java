package io.flotilla.control;

/**
 * A cluster's place in a release. Every state but {@link #PENDING} is an outcome,
 * committed with the wave that produced it; which change is allowed is
 * {@link ClusterTransitions}.
 */
public enum ClusterState {

	/** Not upgraded yet, or put back by a reset. */
	PENDING,
	/** Patched by this release and ready at the target. */
	UPGRADED,
	/** Found at the target without this release's change. */
	ALREADY_CURRENT,
	/**
	 * Newer than the target, left as it is because the plan allows no downgrade; the
	 * reason names both versions.
	 */
	SKIPPED_NEWER,
	/**
	 * Left out because another active release held it when this one started, and the plan
	 * says {@code onConflict: skip}; the reason names the holder.
	 */
	SKIPPED_CLAIMED,
	/**
	 * Left as it was because its health checks failed before its patch, so that a cluster
	 * broken already is never blamed on the new version; the reason names the check.
	 */
	SKIPPED_UNHEALTHY,
	/**
	 * Upgraded, then found failing a health check whose plan records or pauses on it; the
	 * reason holds the check's value and threshold. Unlike the other outcomes it can come
	 * after its wave committed.
	 */
	UNHEALTHY,
	/**
	 * Not ready at the target, or failing a check that fails the cluster; the reason is
	 * recorded with it.
	 */
	FAILED

}
