package io.flotilla.fleet;

/**
 * How an upgrade of one cluster ended.
 */
public enum Outcome {

	/** Patched by this release and ready. */
	UPGRADED,

	/**
	 * Already at the target version before this release touched it; nothing was changed.
	 */
	ALREADY_CURRENT,

	/**
	 * Newer than the target, and the plan allows no downgrade: left as it is, the reason
	 * names both versions.
	 */
	SKIPPED_NEWER,

	/**
	 * Left as it was because the release's health checks found it failing before its
	 * patch; the reason names the check. The release decides this, not the fleet.
	 */
	SKIPPED_UNHEALTHY,

	/** Not upgraded, or not ready in time; the result's reason says why. */
	FAILED

}
