package io.flotilla.support;

import io.flotilla.sandbox.SandboxPlans;

/**
 * Plans for the sandbox fleet: the part every plan shares, to which a test appends its
 * own defaults and stages as a text block.
 */
public final class TestPlans {

	/**
	 * Two stages over the two-region sandbox: a pilot in us-east-1 (a canary of one, then
	 * waves of 2, a 10m bake) and the fleet in eu-west-1 (waves of 3).
	 */
	public static final String PILOT_AND_FLEET = """
			stages:
			  - name: pilot
			    firstWaveSize: 1
			    waveSize: 2
			    bake: 10m
			    groups:
			      - name: east
			        contexts: [us-east-1]
			  - name: fleet
			    waveSize: 3
			    groups:
			      - name: west
			        contexts: [eu-west-1]
			""";

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
