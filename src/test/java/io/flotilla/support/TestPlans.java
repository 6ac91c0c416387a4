package io.flotilla.support;

import io.flotilla.sandbox.SandboxPlans;

/**
 * Plans for the sandbox fleet: the part every plan shares, to which a test appends its
 * own defaults and stages as a text block.
 */
public final class TestPlans {

	private TestPlans() {
	}

	/**
	 * A plan that upgrades the sandbox's ClickHouse StatefulSets to 25.3, followed by
	 * {@code rest} (defaults and stages, written at the top level of the YAML document).
	 */
	public static String plan(String name, String rest) {
		return SandboxPlans.header(name, "25.3") + rest;
	}

}
