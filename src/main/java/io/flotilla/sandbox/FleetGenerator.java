package io.flotilla.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Lays out a fleet from the options alone, so that one seed always gives the same fleet.
 * Tenants each get a namespace in one region and one to three clusters in it.
 */
final class FleetGenerator {

	/** The workloads a tenant's clusters are named after, {@code clickhouse-WORKLOAD}. */
	static final List<String> WORKLOADS = List.of("events", "metrics", "logs");

	private final SandboxOptions options;

	FleetGenerator(SandboxOptions options) {
		this.options = options;
	}

	List<SimulatedCluster> generate() {
		Random random = new Random(this.options.seed());
		int total = this.options.clusters();
		List<Integer> order = shuffledIndexes(total, random);
		int failing = (int) Math.round(total * this.options.failRate());
		int slow = Math.min(total - failing, (int) Math.round(total * this.options.slowRate()));
		boolean[] failingAt = new boolean[total];
		boolean[] slowAt = new boolean[total];
		order.subList(0, failing).forEach((index) -> failingAt[index] = true);
		order.subList(failing, failing + slow).forEach((index) -> slowAt[index] = true);
		List<SimulatedCluster> clusters = new ArrayList<>(total);
		List<String> regions = this.options.regions();
		for (int tenant = 1; clusters.size() < total; tenant++) {
			String namespace = String.format("tenant-%04d", tenant);
			String region = regions.get((tenant - 1) % regions.size());
			int count = Math.min(total - clusters.size(), clustersPerTenant(random));
			for (int i = 0; i < count; i++) {
				int index = clusters.size();
				String tier = tier(random);
				clusters.add(new SimulatedCluster(region, namespace, "clickhouse-" + WORKLOADS.get(i), namespace, tier,
						version(random), replicas(tier, random), failingAt[index], slowAt[index]));
			}
		}
		return clusters;
	}

	private static List<Integer> shuffledIndexes(int total, Random random) {
		List<Integer> indexes = new ArrayList<>(total);
		for (int i = 0; i < total; i++) {
			indexes.add(i);
		}
		Collections.shuffle(indexes, random);
		return indexes;
	}

	private static int clustersPerTenant(Random random) {
		double draw = random.nextDouble();
		return (draw < 0.6) ? 1 : (draw < 0.9) ? 2 : 3;
	}

	private static String tier(Random random) {
		double draw = random.nextDouble();
		return (draw < 0.1) ? "dev" : (draw < 0.3) ? "staging" : "prod";
	}

	private static String version(Random random) {
		double draw = random.nextDouble();
		return (draw < 0.1) ? "25.3" : (draw < 0.65) ? "24.8" : "24.3";
	}

	private static int replicas(String tier, Random random) {
		return switch (tier) {
			case "dev" -> 1 + random.nextInt(2);
			case "staging" -> 2 + random.nextInt(2);
			default -> 3 + random.nextInt(3);
		};
	}

}
