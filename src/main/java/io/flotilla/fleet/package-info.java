/**
 * The Kubernetes side of a rollout: finds the clusters of a fleet through kubeconfig
 * contexts and label selectors, patches one cluster to a plan's target version and waits
 * until it is ready. {@link io.flotilla.fleet.Fleet} is the one entry point. Depends on
 * nothing of Flotilla's but the plan model.
 */
package io.flotilla.fleet;
