package io.flotilla.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.plan.Plan;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.plan.yaml.StepLoader;
import io.flotilla.sandbox.ClusterShape;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.TestFleets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rehearsal's sandbox with the shape of a "real" fleet, itself a sandbox of other
 * options: the same clusters per context, with the same labels and versions, and the real
 * fleet only listed, never patched.
 */
class FleetShapeIntegrationTests {

	private static final Plan PLAN = new PlanLoader().withSteps(new StepLoader().loadDirectory(Path.of("steps")))
		.load(Path.of("jobs/demo-clickhouse.yaml"));

	@Test
	void theRehearsalSandboxHoldsTheRealFleetsClustersAndTheRealFleetIsNotPatched() {
		try (SandboxFleet real = SandboxFleet.start(TestFleets.healthy(40, SandboxOptions.regions(4)).withSeed(99))) {
			// given the shape the plan finds in the real fleet's three contexts of four
			List<ClusterShape> shape = FleetShape.read(PLAN, real.kubeconfig(), List.of());

			// when a rehearsal's sandbox of other options is started from it
			try (SandboxFleet copy = SandboxFleet.start(TestFleets.healthy(5, List.of("elsewhere")).withSeed(1),
					shape)) {
				// then it has the same clusters, labels and versions per context
				List<String> planContexts = List.of("us-east-1", "eu-west-1", "ap-south-1");
				assertThat(copy.contexts()).containsExactlyInAnyOrderElementsOf(planContexts);
				assertThat(shape).hasSize(statefulSets(real, planContexts).size());
				assertThat(statefulSets(copy, planContexts)).isNotEmpty().isEqualTo(statefulSets(real, planContexts));
			}
			// and the real fleet received no PATCH
			assertThat(real.patchCounts()).isEmpty();
		}
	}

	@Test
	void onlyTheNamedContextsAreRead() {
		try (SandboxFleet real = SandboxFleet.start(TestFleets.healthy(20, SandboxOptions.regions(3)))) {
			List<ClusterShape> shape = FleetShape.read(PLAN, real.kubeconfig(), List.of("eu-west-1"));

			assertThat(shape).isNotEmpty()
				.allSatisfy((cluster) -> assertThat(cluster.context()).isEqualTo("eu-west-1"));
			assertThat(shape).hasSize(statefulSets(real, List.of("eu-west-1")).size());
		}
	}

	/**
	 * Each clickhouse StatefulSet by {@code context/namespace/name}: its labels and
	 * version.
	 */
	private static Map<String, String> statefulSets(SandboxFleet fleet, List<String> contexts) {
		Map<String, String> found = new HashMap<>();
		for (String context : contexts) {
			try (KubernetesClient client = TestFleets.client(fleet.kubeconfig(), context)) {
				for (StatefulSet statefulSet : TestFleets.clusters(client, null)) {
					found.put(
							context + "/" + statefulSet.getMetadata().getNamespace() + "/"
									+ statefulSet.getMetadata().getName(),
							new TreeMap<>(statefulSet.getMetadata().getLabels()) + " "
									+ TestFleets.version(statefulSet));
				}
			}
		}
		return found;
	}

}
