package io.flotilla.release;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.flotilla.plan.Durations;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;

/**
 * What a release of a plan would do to the fleet as it is now: the dry run. It is worked
 * out here once, from a {@link FleetSnapshot}, so that {@code flotilla plan show}, the
 * REST API's preview and the console's start page say the same thing, and say what a
 * start would do.
 *
 * @param plan the plan's name
 * @param apiVersion the API version of the resources it changes
 * @param kind their kind
 * @param selector the labels every cluster of the plan has
 * @param targetVersion the version it upgrades to
 * @param allowDowngrade whether clusters newer than the target are taken down to it
 * rather than left alone
 * @param gates the gate before the release starts, as words: "approval by
 * release-managers"; empty when there is none
 * @param stages each stage, in order
 * @param claims the plan's clusters other active releases hold, or null when nobody asked
 * a server (the CLI without one)
 * @param waveTime the least time one wave is assumed to take, for the estimate
 * @param estimatedDuration the least time the release can take: its waves one after the
 * other at {@code waveTime} each, plus the bakes between stages
 */
public record PlanPreview(String plan, String apiVersion, String kind, Map<String, String> selector,
		String targetVersion, boolean allowDowngrade, List<String> gates, List<StagePreview> stages, Claims claims,
		String waveTime, String estimatedDuration) {

	/**
	 * What the estimate assumes a wave takes when the caller does not say.
	 */
	public static final Duration DEFAULT_WAVE_TIME = Duration.ofMinutes(1);

	/**
	 * The dry run of a snapshot.
	 * @param claims every claim active releases hold, or empty when they are unknown
	 * @param waveTime the least time one wave is assumed to take
	 */
	public static PlanPreview of(FleetSnapshot snapshot, Optional<List<Claim>> claims, Duration waveTime) {
		Plan plan = snapshot.plan();
		Optional<Map<String, Claim>> held = claims.map((all) -> heldOfKind(all, plan.target().kind()));
		List<String> gates = plan.approval() ? List.of("approval" + by(plan.approvers())) : List.of();
		List<StagePreview> stages = plan.stages()
			.stream()
			.map((stage) -> StagePreview.of(snapshot, stage, held))
			.toList();
		return new PlanPreview(plan.name(), plan.target().apiVersion(), plan.target().kind(), plan.selector(),
				plan.targetVersion(), plan.version().allowDowngrade(), gates, stages,
				held.map((byCluster) -> Claims.of(snapshot, byCluster)).orElse(null), Durations.format(waveTime),
				Durations.format(snapshot.minimumDuration(waveTime)));
	}

	private static Map<String, Claim> heldOfKind(List<Claim> claims, String kind) {
		return claims.stream()
			.filter((claim) -> claim.kind().equals(kind))
			.collect(Collectors.toMap(Claim::cluster, Function.identity(), (first, second) -> first));
	}

	/**
	 * Who may pass a gate; nothing when anyone with the operator role may.
	 */
	private static String by(List<String> approvers) {
		if (approvers.isEmpty()) {
			return "";
		}
		int last = approvers.size() - 1;
		return (last == 0) ? " by " + approvers.get(0)
				: " by " + String.join(", ", approvers.subList(0, last)) + " or " + approvers.get(last);
	}

	private static List<Claim> heldBy(List<PlannedCluster> clusters, Map<String, Claim> held) {
		return clusters.stream()
			.map((cluster) -> held.get(cluster.cluster().key()))
			.filter(Objects::nonNull)
			.sorted(Comparator.comparing(Claim::holder).thenComparing(Claim::cluster))
			.toList();
	}

	/**
	 * One stage of the dry run.
	 *
	 * @param name the stage's name
	 * @param clusters the clusters it reaches
	 * @param groups its cluster groups
	 * @param toUpgrade the clusters it would upgrade or await
	 * @param alreadyCurrent the clusters at the target and ready, which it leaves alone,
	 * as {@code context/namespace/name}
	 * @param waveSize clusters per wave
	 * @param firstWaveSize clusters in each group's first wave, or 0 for none
	 * @param parallelism clusters upgraded at once in a group
	 * @param readyTimeout how long a patched cluster may take to become ready
	 * @param failureBudget how many clusters may fail, a count or a percentage
	 * @param bake how long the stage must stay healthy before the next one starts
	 * @param gates its gates and who may pass them, as words
	 * @param waves its waves over all groups, in order
	 */
	public record StagePreview(String name, int clusters, int groups, int toUpgrade, List<String> alreadyCurrent,
			int waveSize, int firstWaveSize, int parallelism, String readyTimeout, String failureBudget, String bake,
			List<String> gates, List<WavePreview> waves) {

		static StagePreview of(FleetSnapshot snapshot, Stage stage, Optional<Map<String, Claim>> held) {
			List<PlannedCluster> clusters = snapshot.inStage(stage.name());
			List<String> current = clusters.stream()
				.filter(PlannedCluster::alreadyCurrent)
				.map((cluster) -> cluster.cluster().key())
				.toList();
			List<WavePreview> waves = snapshot.waves(stage.name())
				.entrySet()
				.stream()
				.map((wave) -> WavePreview.of(snapshot.plan(), wave.getKey(), wave.getValue(), held))
				.toList();
			return new StagePreview(stage.name(), clusters.size(), stage.groups().size(),
					clusters.size() - current.size(), current, stage.waveSize(), stage.firstWaveSize(),
					stage.parallelism(), Durations.format(stage.readyTimeout()), stage.failureBudget().toString(),
					Durations.format(stage.bake()), gates(stage), waves);
		}

		private static List<String> gates(Stage stage) {
			String by = by(stage.approvers());
			List<String> gates = new ArrayList<>();
			if (stage.approval()) {
				gates.add("approval" + by);
			}
			if (stage.pauseAfterFirstWave()) {
				gates.add("pause after the first wave" + by);
			}
			return List.copyOf(gates);
		}

	}

	/**
	 * One wave of a stage, over all its groups.
	 *
	 * @param wave the wave's number, from 1
	 * @param clusters the clusters in it
	 * @param versions how many of them are at each live version ("null" for a version
	 * that cannot be read)
	 * @param notReady those already at the target but not ready: awaited, not patched
	 * @param newer those newer than the target: downgraded when the plan allows it, else
	 * left alone
	 * @param held those other active releases hold; 0 when nobody asked a server
	 */
	public record WavePreview(int wave, int clusters, Map<String, Long> versions, long notReady, long newer,
			long held) {

		static WavePreview of(Plan plan, int wave, List<PlannedCluster> clusters, Optional<Map<String, Claim>> held) {
			Map<String, Long> versions = clusters.stream()
				.collect(Collectors.groupingBy((cluster) -> String.valueOf(cluster.cluster().version()), TreeMap::new,
						Collectors.counting()));
			long notReady = clusters.stream()
				.filter((cluster) -> plan.targetVersion().equals(cluster.cluster().version()))
				.count();
			long newer = clusters.stream()
				.filter((cluster) -> plan.version().isNewerThanTarget(cluster.cluster().version()))
				.count();
			long heldInWave = held.map((byCluster) -> heldBy(clusters, byCluster).size()).orElse(0);
			return new WavePreview(wave, clusters.size(), versions, notReady, newer, heldInWave);
		}

	}

	/**
	 * The plan's clusters that other active releases hold, and what a start would do
	 * about them.
	 *
	 * @param onConflict what the plan says to do: refuse, skip or wait
	 * @param held the claims on the plan's clusters, by holder and cluster
	 * @param summary how many are held, by whom, naming the first few; empty when none is
	 * @param outcome what a start of the plan would do, in words
	 */
	public record Claims(String onConflict, List<Claim> held, String summary, String outcome) {

		static Claims of(FleetSnapshot snapshot, Map<String, Claim> byCluster) {
			List<Claim> held = heldBy(snapshot.clusters(), byCluster);
			String onConflict = snapshot.plan().onConflict().word();
			if (held.isEmpty()) {
				return new Claims(onConflict, held, "", "no cluster of the plan is held by an active release");
			}
			String outcome = switch (snapshot.plan().onConflict()) {
				case REFUSE -> "a release of this plan would be refused";
				case SKIP -> "a release of this plan would leave them out";
				case WAIT -> "a release of this plan would wait for them stage by stage";
			};
			return new Claims(onConflict, held, Claim.summary(held), outcome);
		}

		/**
		 * The claims in one line, as {@code plan show} prints them.
		 */
		public String line() {
			return this.held.isEmpty() ? this.outcome
					: this.summary + "; " + this.outcome + " (onConflict: " + this.onConflict + ")";
		}

	}

}
