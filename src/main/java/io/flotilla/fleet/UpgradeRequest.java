package io.flotilla.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.flotilla.plan.Change;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Readiness;
import io.flotilla.plan.Target;
import io.flotilla.plan.VersionSpec;

/**
 * What {@link Fleet#upgrade} does to one cluster.
 *
 * @param releaseId the release on whose behalf the cluster is patched; written to the
 * resource so that a restarted release recognises its own earlier patch
 * @param target the resource type
 * @param version where the version is read, and the target version
 * @param changes the patch operations
 * @param readiness when the patched cluster counts as ready
 * @param readyTimeout how long to wait for readiness
 */
public record UpgradeRequest(String releaseId, Target target, VersionSpec version, List<Change> changes,
		Readiness readiness, Duration readyTimeout) {

	public UpgradeRequest {
		Objects.requireNonNull(releaseId, "releaseId");
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(version, "version");
		changes = List.copyOf(changes);
		Objects.requireNonNull(readiness, "readiness");
		Objects.requireNonNull(readyTimeout, "readyTimeout");
	}

	public static UpgradeRequest of(String releaseId, Plan plan, Duration readyTimeout) {
		return new UpgradeRequest(releaseId, plan.target(), plan.version(), plan.changes(), plan.readiness(),
				readyTimeout);
	}

}
