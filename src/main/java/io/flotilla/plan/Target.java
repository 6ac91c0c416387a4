package io.flotilla.plan;

/**
 * The Kubernetes resource type whose instances are the clusters of a plan.
 *
 * @param apiVersion for example {@code apps/v1} or {@code clickhouse.altinity.com/v1}
 * @param kind for example {@code StatefulSet}
 */
public record Target(String apiVersion, String kind) {

	public static final Target STATEFUL_SET = new Target("apps/v1", "StatefulSet");

	public boolean isStatefulSet() {
		return STATEFUL_SET.equals(this);
	}

}
