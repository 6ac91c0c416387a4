package io.flotilla.sandbox;

import java.util.Map;

/**
 * One simulated database cluster: where it lives, what it runs and how it misbehaves.
 *
 * @param tier its {@code flotilla.io/tier} label, or null for a cluster copied from a
 * shape, whose labels are all in {@code labels}
 * @param tenant its namespace's and its own {@code flotilla.io/tenant} label, or null
 * likewise
 * @param labels labels of its own beside those the sandbox gives every cluster
 */
record SimulatedCluster(String region, String namespace, String name, String tenant, String tier, String version,
		int replicas, boolean failing, boolean slow, Map<String, String> labels) {

	SimulatedCluster {
		labels = Map.copyOf(labels);
	}

	/**
	 * A generated cluster, labelled with its tier and tenant only.
	 */
	SimulatedCluster(String region, String namespace, String name, String tenant, String tier, String version,
			int replicas, boolean failing, boolean slow) {
		this(region, namespace, name, tenant, tier, version, replicas, failing, slow, Map.of());
	}

	/**
	 * A cluster of a given shape: its labels as given, healthy until a version breaks it.
	 */
	static SimulatedCluster of(ClusterShape shape) {
		return new SimulatedCluster(shape.context(), shape.namespace(), shape.name(), null, null, shape.version(),
				shape.replicas(), false, false, shape.labels());
	}

	String key() {
		return this.namespace + "/" + this.name;
	}

}
