package io.flotilla.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.flotilla.fleet.ClusterRef;
import io.flotilla.plan.Target;

/**
 * The cluster a round of checks looks at, and what it is compared with.
 *
 * @param cluster the cluster
 * @param target the plan's resource type, whose instance {@code cluster} is: its labels
 * are the templates' {@code {label.<key>}}, its {@code spec.selector.matchLabels} (when
 * it has one) find its pods
 * @param stage the stage's name, for {@code {stage}}
 * @param since the patch's instant: logs and pod restarts count from it; for a check
 * before the patch, see {@link #beforePatch}
 * @param beforePatch true when the cluster has not been patched yet: a baseline check
 * then has no canary to judge and passes
 * @param controls clusters of the release not yet upgraded, for a Prometheus baseline
 * (the first five are asked); may be empty
 */
public record Subject(ClusterRef cluster, Target target, String stage, Instant since, boolean beforePatch,
		List<ClusterRef> controls) {

	public Subject {
		Objects.requireNonNull(cluster, "cluster");
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(stage, "stage");
		Objects.requireNonNull(since, "since");
		controls = List.copyOf(controls);
	}

	/**
	 * A cluster patched at {@code patchedAt}.
	 */
	public static Subject afterPatch(ClusterRef cluster, Target target, String stage, Instant patchedAt,
			List<ClusterRef> controls) {
		return new Subject(cluster, target, stage, patchedAt, false, controls);
	}

	/**
	 * A cluster about to be patched: its logs and restarts count over the last
	 * {@code lookBack} (the settings' {@link HealthSettings#lookBack()}), so that a
	 * cluster already unwell is not patched.
	 */
	public static Subject beforePatch(ClusterRef cluster, Target target, String stage, Instant now, Duration lookBack,
			List<ClusterRef> controls) {
		return new Subject(cluster, target, stage, now.minus(lookBack), true, controls);
	}

}
