package io.flotilla.sandbox;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FleetGeneratorTests {

	private final SandboxOptions options = SandboxOptions.defaults()
		.withClusters(2000)
		.withRegionCount(4)
		.withFailRate(0.05)
		.withSlowRate(0.1)
		.withSeed(11);

	@Test
	void sameSeedGivesTheSameFleet() {
		assertThat(new FleetGenerator(this.options).generate()).isEqualTo(new FleetGenerator(this.options).generate());
	}

	@Test
	void anotherSeedGivesAnotherFleet() {
		assertThat(new FleetGenerator(this.options.withSeed(12)).generate())
			.isNotEqualTo(new FleetGenerator(this.options).generate());
	}

	@Test
	void fleetHasTheAskedShapeAndMix() {
		List<SimulatedCluster> clusters = new FleetGenerator(this.options).generate();

		assertThat(clusters).hasSize(2000);
		assertThat(clusters.stream().map(SimulatedCluster::key).distinct()).hasSize(2000);
		assertThat(clusters).allSatisfy((cluster) -> {
			assertThat(cluster.namespace()).matches("tenant-\\d{4}").isEqualTo(cluster.tenant());
			assertThat(cluster.replicas()).isBetween(1, 5);
			assertThat(cluster.region()).isIn(this.options.regions());
		});
		assertThat(clusters.stream().filter(SimulatedCluster::failing)).hasSize(100);
		assertThat(clusters.stream().filter(SimulatedCluster::slow)).hasSize(200);
		assertThat(clusters.stream().filter((cluster) -> cluster.failing() && cluster.slow())).isEmpty();
		Map<String, Double> tiers = shares(clusters, SimulatedCluster::tier);
		assertThat(tiers.get("dev")).isCloseTo(0.1, within(0.03));
		assertThat(tiers.get("staging")).isCloseTo(0.2, within(0.03));
		assertThat(tiers.get("prod")).isCloseTo(0.7, within(0.03));
		Map<String, Double> versions = shares(clusters, SimulatedCluster::version);
		assertThat(versions.keySet()).containsExactlyInAnyOrder("24.3", "24.8", "25.3");
		assertThat(versions.get("25.3")).isCloseTo(0.1, within(0.03));
		assertThat(shares(clusters, SimulatedCluster::region).values())
			.allSatisfy((share) -> assertThat(share).isCloseTo(0.25, within(0.05)));
	}

	@Test
	void aTenantKeepsItsClustersInOneRegion() {
		Map<String, List<String>> regionsByTenant = new FleetGenerator(this.options).generate()
			.stream()
			.collect(Collectors.groupingBy(SimulatedCluster::namespace,
					Collectors.mapping(SimulatedCluster::region, Collectors.toList())));

		assertThat(regionsByTenant.values()).allSatisfy((regions) -> assertThat(regions).containsOnly(regions.get(0)));
		assertThat(regionsByTenant.values().stream().filter((regions) -> regions.size() > 1)).isNotEmpty();
	}

	@Test
	void emptyFleetIsAllowed() {
		assertThat(new FleetGenerator(this.options.withClusters(0)).generate()).isEmpty();
	}

	private static Map<String, Double> shares(List<SimulatedCluster> clusters, Function<SimulatedCluster, String> by) {
		return clusters.stream()
			.collect(Collectors.groupingBy(by,
					Collectors.collectingAndThen(Collectors.counting(), (count) -> count / (double) clusters.size())));
	}

}
