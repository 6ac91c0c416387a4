package io.flotilla.sandbox;

/**
 * The part of a plan that reaches this sandbox's clusters: its ClickHouse StatefulSets by
 * their label, their version in the server image's tag, and the change that moves it.
 * Plans for the sandbox (the bench's, the tests') append their defaults and stages.
 */
public final class SandboxPlans {

	private SandboxPlans() {
	}

	/**
	 * The plan's top-level fields up to its changes, as YAML lines.
	 * @param name the plan's name
	 * @param targetVersion the version the plan rolls out
	 */
	public static String header(String name, String targetVersion) {
		return """
				name: %s
				selector:
				  app.kubernetes.io/name: clickhouse
				version:
				  path: spec.template.spec.containers[name=clickhouse].image
				  pattern: ':([^:]+)$'
				  target: "%s"
				changes:
				  - op: add_or_update
				    path: spec.template.spec.containers[name=clickhouse].image
				    value: "clickhouse/clickhouse-server:${version}"
				""".formatted(name, targetVersion);
	}

}
