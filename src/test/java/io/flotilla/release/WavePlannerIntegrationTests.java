package io.flotilla.release;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetSettings;
import io.flotilla.plan.Plan;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link WavePlanner} over a real sandbox fleet in two regions, listed through the real
 * {@link Fleet}: the generated clusters, and beside them small sets of StatefulSets this
 * test creates with chosen names, versions and labels, each set told apart by the label
 * {@code flotilla.io/set}.
 */
class WavePlannerIntegrationTests {

	private static final String TARGET = "25.3";

	private static final String SET_LABEL = "flotilla.io/set";

	private static SandboxFleet sandbox;

	private static Fleet fleet;

	private static WavePlanner planner;

	@BeforeAll
	static void fleet() {
		sandbox = SandboxFleet.start(TestFleets.healthy(40, SandboxOptions.regions(2)));
		fleet = new Fleet(FleetSettings.defaults(sandbox.kubeconfig()));
		planner = new WavePlanner(fleet);
		// waves: one context, versions chosen so that two are at the target
		create("us-east-1", "waves", "set-waves", "db-0", "24.8");
		create("us-east-1", "waves", "set-waves", "db-1", TARGET);
		create("us-east-1", "waves", "set-waves", "db-2", "24.8");
		create("us-east-1", "waves", "set-waves", "db-3", "24.3");
		create("us-east-1", "waves", "set-waves", "db-4", TARGET);
		create("us-east-1", "waves", "set-waves", "db-5", "24.8");
		create("us-east-1", "waves", "set-waves", "db-6", "24.8");
		// order: two contexts, two namespaces each, created out of order
		create("us-east-1", "order", "order-b", "db-2", "24.8");
		create("eu-west-1", "order", "order-b", "db-1", "24.8");
		create("us-east-1", "order", "order-a", "db-1", "24.8");
		create("eu-west-1", "order", "order-a", "db-2", "24.8");
		create("us-east-1", "order", "order-b", "db-1", "24.8");
		create("eu-west-1", "order", "order-a", "db-1", "24.8");
		// overlap: c-1 and c-2 also carry flotilla.io/part=first
		create("us-east-1", "overlap", "overlap", "c-1", "24.8", Map.of("flotilla.io/part", "first"));
		create("us-east-1", "overlap", "overlap", "c-2", "24.8", Map.of("flotilla.io/part", "first"));
		create("us-east-1", "overlap", "overlap", "c-3", "24.8");
		create("us-east-1", "overlap", "overlap", "c-4", "24.8");
		// prefix: a namespace that is a prefix of another one
		create("us-east-1", "prefix", "team", "db-1", "24.8");
		create("us-east-1", "prefix", "team-b", "db-1", "24.8");
	}

	@AfterAll
	static void stop() {
		fleet.close();
		sandbox.close();
	}

	@Test
	void theFirstWaveTakesFirstWaveSizeAndEveryLaterWaveWaveSize() {
		// given
		Plan plan = plan("sizes", """
				stages:
				  - name: canary
				    waveSize: 2
				    firstWaveSize: 1
				    groups:
				      - name: us
				        contexts: [us-east-1]
				        selector: {flotilla.io/set: waves}
				""");

		// when
		FleetSnapshot snapshot = planner.snapshot(plan);

		// then: the five outdated clusters in key order fill waves of 1, 2 and 2
		assertThat(waves(snapshot, "canary")).isEqualTo(Map.of(1, List.of("us-east-1/set-waves/db-0"), 2,
				List.of("us-east-1/set-waves/db-2", "us-east-1/set-waves/db-3"), 3,
				List.of("us-east-1/set-waves/db-5", "us-east-1/set-waves/db-6")));
		assertThat(snapshot.waveCount("canary")).isEqualTo(3);
	}

	@Test
	void withoutAFirstWaveSizeEveryWaveTakesWaveSize() {
		// given
		Plan plan = plan("no-canary", """
				stages:
				  - name: canary
				    waveSize: 2
				    groups:
				      - name: us
				        contexts: [us-east-1]
				        selector: {flotilla.io/set: waves}
				""");

		// when
		FleetSnapshot snapshot = planner.snapshot(plan);

		// then
		assertThat(waves(snapshot, "canary"))
			.isEqualTo(Map.of(1, List.of("us-east-1/set-waves/db-0", "us-east-1/set-waves/db-2"), 2,
					List.of("us-east-1/set-waves/db-3", "us-east-1/set-waves/db-5"), 3,
					List.of("us-east-1/set-waves/db-6")));
	}

	@Test
	void clustersAlreadyAtTheTargetGetWaveZeroAndTakeNoRoom() {
		// given
		Plan plan = plan("current", """
				stages:
				  - name: canary
				    waveSize: 2
				    firstWaveSize: 1
				    groups:
				      - name: us
				        contexts: [us-east-1]
				        selector: {flotilla.io/set: waves}
				""");

		// when
		FleetSnapshot snapshot = planner.snapshot(plan);

		// then: db-1 sits between db-0 and db-2 without pushing db-2 out of its wave
		assertThat(snapshot.inStage("canary")).filteredOn(PlannedCluster::alreadyCurrent)
			.extracting((planned) -> planned.cluster().key(), PlannedCluster::wave)
			.containsExactly(tuple("us-east-1/set-waves/db-1", 0), tuple("us-east-1/set-waves/db-4", 0));
		assertThat(snapshot.inStage("canary")).hasSize(7);
		assertThat(snapshot.waves("canary")).doesNotContainKey(0);
		assertThat(snapshot.inStage("canary")).filteredOn(PlannedCluster::alreadyCurrent)
			.allSatisfy((planned) -> assertThat(planned.cluster().version()).isEqualTo(TARGET));
	}

	@Test
	void theWavesOfAGeneratedFleetFollowTheLiveVersionsByNamespaceAndName() {
		// given: every cluster of us-east-1, the generated ones and this test's sets
		Plan plan = plan("generated", """
				stages:
				  - name: all
				    waveSize: 4
				    firstWaveSize: 2
				    groups:
				      - name: us
				        contexts: [us-east-1]
				""");
		List<ClusterRef> live = live("us-east-1");
		List<String> outdated = live.stream()
			.filter((cluster) -> !TARGET.equals(cluster.version()))
			.map(ClusterRef::key)
			.toList();

		// when
		FleetSnapshot snapshot = planner.snapshot(plan);

		// then
		assertThat(snapshot.inStage("all")).extracting((planned) -> planned.cluster().key())
			.containsExactlyInAnyOrderElementsOf(live.stream().map(ClusterRef::key).toList());
		List<String> expectedOrder = new ArrayList<>();
		waves(snapshot, "all").values().forEach(expectedOrder::addAll);
		assertThat(expectedOrder).containsExactlyElementsOf(outdated);
		List<Integer> sizes = waves(snapshot, "all").values().stream().map(List::size).toList();
		assertThat(sizes).isNotEmpty();
		assertThat(sizes.get(0)).isEqualTo(Math.min(2, outdated.size()));
		assertThat(sizes.subList(1, sizes.size())).allSatisfy((size) -> assertThat(size).isBetween(1, 4));
		assertThat(sizes.subList(1, Math.max(1, sizes.size() - 1))).allSatisfy((size) -> assertThat(size).isEqualTo(4));
	}

	@Test
	void aClusterMatchedByTwoGroupsBelongsToTheFirstOnly() {
		// given: group first matches c-1 and c-2, group rest matches all four
		Plan plan = plan("overlap", """
				stages:
				  - name: canary
				    waveSize: 10
				    groups:
				      - name: first
				        contexts: [us-east-1]
				        selector: {flotilla.io/set: overlap, flotilla.io/part: first}
				      - name: rest
				        contexts: [us-east-1]
				        selector: {flotilla.io/set: overlap}
				  - name: again
				    waveSize: 10
				    groups:
				      - name: all
				        contexts: [us-east-1]
				        selector: {flotilla.io/set: overlap}
				""");

		// when
		FleetSnapshot snapshot = planner.snapshot(plan);

		// then: each cluster once, in the first group of the first stage that matches it
		assertThat(snapshot.clusters()).extracting(PlannedCluster::group, (planned) -> planned.cluster().name())
			.containsExactly(tuple("first", "c-1"), tuple("first", "c-2"), tuple("rest", "c-3"), tuple("rest", "c-4"));
		assertThat(snapshot.inStage("again")).isEmpty();
		// and each group has waves of its own
		assertThat(snapshot.clusters()).extracting(PlannedCluster::wave).containsOnly(1);
	}

	@Test
	void clustersAreOrderedByContextNamespaceAndNameAndTheSameFleetGivesTheSameWaves() {
		// given: contexts listed us before eu, clusters created out of order
		Plan plan = plan("order", """
				stages:
				  - name: canary
				    waveSize: 1
				    groups:
				      - name: both
				        contexts: [us-east-1, eu-west-1]
				        selector: {flotilla.io/set: order}
				""");

		// when
		FleetSnapshot first = planner.snapshot(plan);
		FleetSnapshot second = planner.snapshot(plan);

		// then
		List<String> order = first.inStage("canary").stream().map((planned) -> planned.cluster().key()).toList();
		assertThat(order).containsExactly("eu-west-1/order-a/db-1", "eu-west-1/order-a/db-2", "eu-west-1/order-b/db-1",
				"us-east-1/order-a/db-1", "us-east-1/order-b/db-1", "us-east-1/order-b/db-2");
		assertThat(first.inStage("canary")).extracting(PlannedCluster::wave).containsExactly(1, 2, 3, 4, 5, 6);
		assertThat(second).isEqualTo(first);
		assertThat(first.inStage("canary"))
			.isSortedAccordingTo(Comparator.comparing((PlannedCluster planned) -> planned.cluster().context())
				.thenComparing((planned) -> planned.cluster().namespace())
				.thenComparing((planned) -> planned.cluster().name()));
	}

	@Test
	void aNamespaceThatIsAPrefixOfAnotherComesFirst() {
		// given
		Plan plan = plan("prefix", """
				stages:
				  - name: canary
				    waveSize: 1
				    groups:
				      - name: us
				        contexts: [us-east-1]
				        selector: {flotilla.io/set: prefix}
				""");

		// when
		FleetSnapshot snapshot = planner.snapshot(plan);

		// then
		assertThat(snapshot.inStage("canary")).extracting((planned) -> planned.cluster().key())
			.containsExactly("us-east-1/team/db-1", "us-east-1/team-b/db-1");
	}

	@Test
	void aPlanThatMatchesNoClusterIsRefusedNamingThePlan() {
		// given
		Plan plan = plan("nothing", """
				stages:
				  - name: canary
				    groups:
				      - name: us
				        contexts: [us-east-1, eu-west-1]
				        selector: {flotilla.io/set: no-such-set}
				""");

		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> planner.snapshot(plan))
			.withMessageStartingWith("plan nothing matches no cluster: selector ")
			.withMessageEndingWith(" finds nothing in the contexts of its groups");
	}

	@Test
	void aGroupNamingAnUnknownContextIsRefused() {
		// given
		Plan plan = plan("unknown", """
				stages:
				  - name: canary
				    groups:
				      - name: mars
				        contexts: [mars-1]
				""");

		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> planner.snapshot(plan)).withMessageContaining("mars-1");
	}

	private static Plan plan(String name, String stages) {
		return new PlanLoader().load(name + ".yaml", TestPlans.plan(name, stages));
	}

	/**
	 * Wave number → the keys of its clusters, in the planner's order.
	 */
	private static Map<Integer, List<String>> waves(FleetSnapshot snapshot, String stage) {
		Map<Integer, List<String>> waves = new TreeMap<>();
		snapshot.waves(stage)
			.forEach((wave, clusters) -> waves.put(wave,
					clusters.stream().map((planned) -> planned.cluster().key()).toList()));
		return waves;
	}

	/**
	 * The clickhouse clusters of a context, read through the plain client, sorted by key.
	 */
	private static List<ClusterRef> live(String context) {
		try (KubernetesClient client = TestFleets.client(sandbox.kubeconfig(), context)) {
			return TestFleets.clusters(client, null)
				.stream()
				.map((statefulSet) -> new ClusterRef(context, statefulSet.getMetadata().getNamespace(),
						statefulSet.getMetadata().getName(), TestFleets.version(statefulSet)))
				.sorted(Comparator.comparing(ClusterRef::context)
					.thenComparing(ClusterRef::namespace)
					.thenComparing(ClusterRef::name))
				.toList();
		}
	}

	private static void create(String context, String set, String namespace, String name, String version) {
		create(context, set, namespace, name, version, Map.of());
	}

	private static void create(String context, String set, String namespace, String name, String version,
			Map<String, String> labels) {
		StatefulSet statefulSet = new StatefulSetBuilder().withNewMetadata()
			.withNamespace(namespace)
			.withName(name)
			.addToLabels(TestFleets.NAME_LABEL, "clickhouse")
			.addToLabels(SET_LABEL, set)
			.addToLabels(labels)
			.endMetadata()
			.withNewSpec()
			.withReplicas(1)
			.withNewTemplate()
			.withNewSpec()
			.addNewContainer()
			.withName("clickhouse")
			.withImage("clickhouse/clickhouse-server:" + version)
			.endContainer()
			.endSpec()
			.endTemplate()
			.endSpec()
			.build();
		try (KubernetesClient client = TestFleets.client(sandbox.kubeconfig(), context)) {
			client.apps().statefulSets().inNamespace(namespace).resource(statefulSet).create();
		}
	}

}
