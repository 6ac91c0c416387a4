package io.flotilla.fleet;

import java.util.Map;

/**
 * A cluster as the fleet's listing found it.
 *
 * @param cluster the cluster, with the version it was found at
 * @param ready whether it was ready then by the plan's readiness rule: a cluster at the
 * target version is current only when it is also ready
 * @param labels the resource's labels then, for a copy of the fleet's shape
 */
public record ListedCluster(ClusterRef cluster, boolean ready, Map<String, String> labels) {

	public ListedCluster {
		labels = (labels != null) ? Map.copyOf(labels) : Map.of();
	}

}
