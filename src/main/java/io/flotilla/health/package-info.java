/**
 * Runs one health check of one cluster: a Prometheus query against a threshold or the
 * clusters not yet upgraded, the cluster's pods and their restarts, its pod logs, an HTTP
 * request. {@link io.flotilla.health.HealthChecks} is the face; it turns every problem of
 * the target (slow, unreachable, refusing) into a failed
 * {@link io.flotilla.health.Verdict} so that the release runtime decides what a failure
 * means, not the check. Uses {@code fleet} for the Kubernetes API and the check model of
 * {@code plan.check}.
 */
package io.flotilla.health;
