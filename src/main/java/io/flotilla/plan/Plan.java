package io.flotilla.plan;

import java.util.List;
import java.util.Map;

import io.flotilla.calendar.OpenHours;
import io.flotilla.plan.check.Check;

/**
 * A validated release plan: what to change, on which clusters, in which stages and waves.
 * Instances come only from {@code PlanLoader} of {@code io.flotilla.plan.yaml}, so every
 * plan in hand has passed validation.
 *
 * @param name the plan's name, by default its file name without extension
 * @param target the kind of resource that carries a cluster's version
 * @param selector labels every cluster of the plan carries
 * @param namespaces namespaces to search; empty means all namespaces
 * @param version where the current version is read, and the version the plan rolls out
 * @param changes the patch operations that move a cluster to the target version
 * @param readiness when a patched cluster counts as ready
 * @param stages the ordered stages of a release
 * @param approval whether a release of the plan waits for an engineer's approval before
 * anything starts
 * @param approvers the groups whose members may pass that approval, from single sign-on
 * or assigned to local users; empty means anyone with the operator role. A stage that
 * names no approvers, neither itself nor in the plan's {@code defaults}, takes these for
 * its own gates
 * @param onConflict what a release does with clusters another active release holds
 * @param windows when a release of the plan may move, as written at the top of the plan;
 * a stage that names no windows, neither itself nor in the plan's {@code defaults}, takes
 * these, so each stage's own are what a release keeps to
 * @param restart how often a failed release is started again by itself
 * @param checks the health checks written at the top of the plan; a stage that names no
 * checks, neither itself nor in the plan's {@code defaults}, takes these. Read and
 * validated, not run yet
 */
public record Plan(String name, Target target, Map<String, String> selector, List<String> namespaces,
		VersionSpec version, List<Change> changes, Readiness readiness, List<Stage> stages, boolean approval,
		List<String> approvers, OnConflict onConflict, OpenHours windows, RestartPolicy restart, List<Check> checks) {

	public Plan {
		selector = Map.copyOf(selector);
		namespaces = List.copyOf(namespaces);
		changes = List.copyOf(changes);
		stages = List.copyOf(stages);
		approvers = List.copyOf(approvers);
		checks = List.copyOf(checks);
	}

	public String targetVersion() {
		return this.version.target();
	}

	public int groupCount() {
		return this.stages.stream().mapToInt((stage) -> stage.groups().size()).sum();
	}

}
