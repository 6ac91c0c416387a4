package io.flotilla.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetException;
import io.flotilla.fleet.FleetSettings;
import io.flotilla.fleet.ListedCluster;
import io.flotilla.plan.Group;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.sandbox.ClusterShape;

/**
 * The shape of a real fleet for a rehearsal's sandbox: the clusters the plan's own target
 * and selectors find through a kubeconfig, each with its context, namespace, name, labels
 * and version, so the rehearsal counts per stage and group what the real release would.
 * It only lists ({@link Fleet#inventory}), so nothing is ever changed in that fleet.
 */
final class FleetShape {

	/**
	 * Pods per copied cluster: the listing reads any kind of resource, not its replicas,
	 * and the sandbox's clusters of production tiers have three to five.
	 */
	static final int REPLICAS = 3;

	private FleetShape() {
	}

	/**
	 * Lists the plan's clusters through the kubeconfig, group by group as a release would
	 * (a cluster matched by several groups counted once).
	 * @param contexts the contexts to read, of those the plan's groups name; all of them
	 * when empty
	 * @throws IllegalArgumentException when a context to read is not in the kubeconfig,
	 * the plan finds no cluster there, or a listing is refused (saying which)
	 */
	static List<ClusterShape> read(Plan plan, Path kubeconfig, List<String> contexts) {
		Set<String> seen = new LinkedHashSet<>();
		List<ClusterShape> shape = new ArrayList<>();
		try (Fleet fleet = new Fleet(FleetSettings.defaults(kubeconfig))) {
			for (Stage stage : plan.stages()) {
				for (Group group : stage.groups()) {
					Map<String, String> selector = new HashMap<>(plan.selector());
					selector.putAll(group.selector());
					for (String context : group.contexts()) {
						if (!contexts.isEmpty() && !contexts.contains(context)) {
							continue;
						}
						for (ListedCluster listed : fleet.inventory(plan.target(), selector, context, plan.namespaces(),
								plan.version(), plan.readiness())) {
							if (seen.add(listed.cluster().key())) {
								shape.add(
										new ClusterShape(context, listed.cluster().namespace(), listed.cluster().name(),
												listed.labels(), listed.cluster().version(), REPLICAS));
							}
						}
					}
				}
			}
		}
		catch (FleetException ex) {
			throw new IllegalArgumentException("cannot read the fleet's shape: " + ex.getMessage(), ex);
		}
		if (shape.isEmpty()) {
			throw new IllegalArgumentException("plan " + plan.name() + " finds no cluster through " + kubeconfig
					+ (contexts.isEmpty() ? "" : " in the contexts " + contexts));
		}
		return List.copyOf(shape);
	}

}
