package io.flotilla.release;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.ListedCluster;
import io.flotilla.plan.Group;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;

/**
 * Lists the fleet a plan reaches and places each cluster in a stage, group and wave.
 *
 * <p>
 * A cluster matched by several groups belongs to the first in plan order, so no cluster
 * is upgraded twice. Inside a group clusters are ordered by context, namespace and name,
 * so the same fleet always gives the same waves. Clusters already at the target and ready
 * get wave 0 and take no room in a wave; one at the target but not ready is placed in a
 * wave like the others, where it is awaited.
 */
public final class WavePlanner {

	private static final Comparator<ClusterRef> BY_CONTEXT_NAMESPACE_AND_NAME = Comparator
		.comparing(ClusterRef::context)
		.thenComparing(ClusterRef::namespace)
		.thenComparing(ClusterRef::name);

	private final Fleet fleet;

	public WavePlanner(Fleet fleet) {
		this.fleet = fleet;
	}

	/**
	 * @throws IllegalArgumentException when a group names an unknown context or the plan
	 * matches no cluster
	 */
	public FleetSnapshot snapshot(Plan plan) {
		Set<String> taken = new HashSet<>();
		List<PlannedCluster> planned = new ArrayList<>();
		for (Stage stage : plan.stages()) {
			for (Group group : stage.groups()) {
				List<ListedCluster> clusters = list(plan, group).stream()
					.filter((listed) -> taken.add(listed.cluster().key()))
					.sorted(Comparator.comparing(ListedCluster::cluster, BY_CONTEXT_NAMESPACE_AND_NAME))
					.toList();
				planned.addAll(placeInWaves(plan, stage, group, clusters));
			}
		}
		if (planned.isEmpty()) {
			throw new IllegalArgumentException("plan " + plan.name() + " matches no cluster: selector "
					+ plan.selector() + " finds nothing in the contexts of its groups");
		}
		return new FleetSnapshot(plan, planned);
	}

	private List<ListedCluster> list(Plan plan, Group group) {
		Map<String, String> selector = new HashMap<>(plan.selector());
		selector.putAll(group.selector());
		List<ListedCluster> clusters = new ArrayList<>();
		for (String context : group.contexts()) {
			clusters.addAll(this.fleet.inventory(plan.target(), selector, context, plan.namespaces(), plan.version(),
					plan.readiness()));
		}
		return clusters;
	}

	private static List<PlannedCluster> placeInWaves(Plan plan, Stage stage, Group group,
			List<ListedCluster> clusters) {
		List<PlannedCluster> planned = new ArrayList<>();
		int wave = 1;
		int inWave = 0;
		for (ListedCluster listed : clusters) {
			ClusterRef cluster = listed.cluster();
			if (Objects.equals(cluster.version(), plan.targetVersion()) && listed.ready()) {
				planned.add(new PlannedCluster(stage.name(), group.name(), 0, cluster));
				continue;
			}
			int capacity = (wave == 1 && stage.firstWaveSize() > 0) ? stage.firstWaveSize() : stage.waveSize();
			if (inWave == capacity) {
				wave++;
				inWave = 0;
			}
			planned.add(new PlannedCluster(stage.name(), group.name(), wave, cluster));
			inWave++;
		}
		return planned;
	}

}
