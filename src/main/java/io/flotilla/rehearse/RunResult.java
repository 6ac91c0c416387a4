package io.flotilla.rehearse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one run of a rehearsal did: how far the release got in each stage, and where and
 * when it was stopped. Times are plan time: the rehearsal's own time multiplied by its
 * speed, what the real plan would have taken to get there.
 *
 * @param seed the sandbox's seed: its layout and which clusters break
 * @param outcome the release's state when the run ended it: COMPLETED, or the state that
 * stopped it (PAUSED, BUDGET_EXCEEDED, FAILED)
 * @param reason why the release stopped, as the server says, or null
 * @param stoppedByCheck whether a health check paused it (a reason starting with
 * {@code check })
 * @param stoppedStage the stage it was stopped in, or null when it completed
 * @param stoppedGroup the group the stop is known to come from (the cluster a failed
 * check names, else the last cluster that failed in the stage), or null
 * @param planTime plan time from the start until the release completed or was stopped
 * @param stages every stage of the plan, in order
 */
public record RunResult(long seed, String outcome, String reason, boolean stoppedByCheck, String stoppedStage,
		String stoppedGroup, Duration planTime, List<StageResult> stages) {

	/** The state of a release that went through every stage. */
	static final String COMPLETED = "COMPLETED";

	/**
	 * How a failed check's reason names the cluster: "... on context/namespace/name: ..."
	 */
	private static final Pattern CHECK_CLUSTER = Pattern.compile(" on ([^\\s/]+)/([^\\s/]+)/([^\\s/:]+):");

	public RunResult {
		stages = List.copyOf(stages);
	}

	/**
	 * Counts a run from the release's clusters as their rows stood when the run ended.
	 * @param stages the plan's stages in order, each with whether it is production
	 * @param clusters every cluster of the release, each with whether it breaks at the
	 * target version
	 */
	static RunResult of(long seed, String outcome, String reason, Duration planTime, List<PlanStage> stages,
			List<ClusterRecord> clusters) {
		boolean completed = COMPLETED.equals(outcome);
		boolean byCheck = reason != null && reason.startsWith("check ");
		Optional<ClusterRecord> culprit = completed ? Optional.empty() : culprit(reason, clusters);
		String stoppedStage = completed ? null
				: culprit.map(ClusterRecord::stage).orElseGet(() -> lastReached(stages, clusters));
		String stoppedGroup = completed ? null
				: culprit.or(() -> lastFailed(stoppedStage, clusters)).map(ClusterRecord::group).orElse(null);
		List<StageResult> results = new ArrayList<>();
		for (PlanStage stage : stages) {
			List<ClusterRecord> in = clusters.stream()
				.filter((cluster) -> cluster.stage().equals(stage.name()))
				.toList();
			int reached = (int) in.stream().filter(ClusterRecord::reached).count();
			int broken = (int) in.stream().filter((cluster) -> cluster.reached() && cluster.broken()).count();
			int brokenInStage = (int) in.stream().filter(ClusterRecord::broken).count();
			results.add(new StageResult(stage.name(), stage.production(), in.size(), reached, broken, brokenInStage,
					stage.name().equals(stoppedStage)));
		}
		return new RunResult(seed, outcome, reason, byCheck, stoppedStage, stoppedGroup, planTime, results);
	}

	public boolean completed() {
		return COMPLETED.equals(this.outcome);
	}

	/**
	 * Broken clusters the release patched, over every stage.
	 */
	public int brokenReached() {
		return this.stages.stream().mapToInt(StageResult::brokenReached).sum();
	}

	/**
	 * Whether a broken cluster was patched in a stage marked {@code production: true}.
	 */
	public boolean brokenInProduction() {
		return this.stages.stream().anyMatch((stage) -> stage.production() && stage.brokenReached() > 0);
	}

	private static Optional<ClusterRecord> culprit(String reason, List<ClusterRecord> clusters) {
		if (reason == null) {
			return Optional.empty();
		}
		Matcher matcher = CHECK_CLUSTER.matcher(reason);
		if (!matcher.find()) {
			return Optional.empty();
		}
		return clusters.stream()
			.filter((cluster) -> cluster.context().equals(matcher.group(1))
					&& cluster.namespace().equals(matcher.group(2)) && cluster.name().equals(matcher.group(3)))
			.findFirst();
	}

	/**
	 * The last stage the release patched a cluster in: stages run strictly in order, so
	 * that is where it stopped; the first stage when it patched none.
	 */
	private static String lastReached(List<PlanStage> stages, List<ClusterRecord> clusters) {
		String last = stages.get(0).name();
		for (PlanStage stage : stages) {
			if (clusters.stream().anyMatch((cluster) -> cluster.stage().equals(stage.name()) && cluster.reached())) {
				last = stage.name();
			}
		}
		return last;
	}

	private static Optional<ClusterRecord> lastFailed(String stage, List<ClusterRecord> clusters) {
		return clusters.stream()
			.filter((cluster) -> cluster.stage().equals(stage) && cluster.failed())
			.max(Comparator.comparing(ClusterRecord::updatedAt));
	}

	/**
	 * A stage of the plan under rehearsal.
	 */
	record PlanStage(String name, boolean production) {

	}

	/**
	 * A cluster of a rehearsed release as its row stood at the end of the run.
	 *
	 * @param state the name of its cluster state, kept as text so that states the server
	 * adds (an unhealthy cluster, one skipped for it) count by their names' rules
	 * @param broken whether the sandbox breaks it at the release's target version: never
	 * one found at the target already, which does not roll
	 */
	record ClusterRecord(String context, String namespace, String name, String stage, String group, String state,
			Instant updatedAt, boolean broken) {

		ClusterRecord {
			Objects.requireNonNull(state, "state");
		}

		/**
		 * Whether the release patched it: any outcome but pending, skipped or found at
		 * the target already.
		 */
		boolean reached() {
			return !this.state.equals("PENDING") && !this.state.equals("ALREADY_CURRENT")
					&& !this.state.startsWith("SKIPPED_");
		}

		boolean failed() {
			return this.state.equals("FAILED") || this.state.equals("UNHEALTHY");
		}

	}

	/**
	 * One stage in one run.
	 *
	 * @param clusters the stage's clusters
	 * @param reached those the release patched
	 * @param brokenReached broken ones among them
	 * @param broken the stage's clusters that break at the target, reached or not
	 * @param stoppedHere whether the release was stopped in this stage
	 */
	public record StageResult(String name, boolean production, int clusters, int reached, int brokenReached, int broken,
			boolean stoppedHere) {

	}

}
