package io.flotilla.fleet;

/**
 * A cluster as the fleet's listing found it.
 *
 * @param cluster the cluster, with the version it was found at
 * @param ready whether it was ready then by the plan's readiness rule: a cluster at the
 * target version is current only when it is also ready
 */
public record ListedCluster(ClusterRef cluster, boolean ready) {

}
