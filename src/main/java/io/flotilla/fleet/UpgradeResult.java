package io.flotilla.fleet;

/**
 * The outcome of {@link Fleet#upgrade}.
 *
 * @param outcome how it ended
 * @param fromVersion the version found before this call acted, null if unknown or absent
 * @param reason why it failed or was skipped, null when it was upgraded or current
 * @param patched whether this call's patch was applied to the resource, so a failed
 * cluster that was patched may need attention even though the patch is in place
 */
public record UpgradeResult(Outcome outcome, String fromVersion, String reason, boolean patched) {

	static UpgradeResult upgraded(String fromVersion, boolean patched) {
		return new UpgradeResult(Outcome.UPGRADED, fromVersion, null, patched);
	}

	static UpgradeResult alreadyCurrent(String fromVersion) {
		return new UpgradeResult(Outcome.ALREADY_CURRENT, fromVersion, null, false);
	}

	static UpgradeResult skippedNewer(String fromVersion, String target) {
		return new UpgradeResult(Outcome.SKIPPED_NEWER, fromVersion,
				"at " + fromVersion + ", newer than the target " + target + "; the plan allows no downgrade", false);
	}

	/**
	 * A cluster the release left as it was because it failed its health checks before its
	 * patch.
	 */
	public static UpgradeResult skippedUnhealthy(String version, String reason) {
		return new UpgradeResult(Outcome.SKIPPED_UNHEALTHY, version, reason, false);
	}

	static UpgradeResult failed(String fromVersion, String reason, boolean patched) {
		return new UpgradeResult(Outcome.FAILED, fromVersion, reason, patched);
	}

}
