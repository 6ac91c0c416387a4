package io.flotilla.sandbox;

/**
 * One simulated database cluster: where it lives, what it runs and how it misbehaves.
 */
record SimulatedCluster(String region, String namespace, String name, String tenant, String tier, String version,
		int replicas, boolean failing, boolean slow) {

	String key() {
		return this.namespace + "/" + this.name;
	}

}
