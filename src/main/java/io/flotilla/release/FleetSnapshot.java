package io.flotilla.release;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;

/**
 * The clusters a plan reaches right now, each placed in its stage, group and wave. Both
 * the dry run and the start of a release are built from it, so what {@code plan show}
 * prints is what a release does.
 */
public record FleetSnapshot(Plan plan, List<PlannedCluster> clusters) {

	public FleetSnapshot {
		clusters = List.copyOf(clusters);
	}

	public List<PlannedCluster> inStage(String stage) {
		return this.clusters.stream().filter((cluster) -> cluster.stage().equals(stage)).toList();
	}

	/**
	 * Wave number → clusters to upgrade in it, over all groups of the stage.
	 */
	public Map<Integer, List<PlannedCluster>> waves(String stage) {
		return inStage(stage).stream()
			.filter((cluster) -> !cluster.alreadyCurrent())
			.collect(Collectors.groupingBy(PlannedCluster::wave, TreeMap::new, Collectors.toList()));
	}

	public int waveCount(String stage) {
		return inStage(stage).stream().mapToInt(PlannedCluster::wave).max().orElse(0);
	}

	/**
	 * The least time the release can take: every wave of the stage's largest group one
	 * after the other, each taking at least {@code waveTime}, plus the bakes between
	 * stages.
	 */
	public Duration minimumDuration(Duration waveTime) {
		Duration total = Duration.ZERO;
		List<Stage> stages = this.plan.stages();
		for (int i = 0; i < stages.size(); i++) {
			Stage stage = stages.get(i);
			total = total.plus(waveTime.multipliedBy(waveCount(stage.name())));
			if (i < stages.size() - 1) {
				total = total.plus(stage.bake());
			}
		}
		return total;
	}

}
