package io.flotilla.bench;

import java.time.Duration;
import java.util.List;

import io.flotilla.sandbox.SandboxPlans;

/**
 * Plan texts for the sandbox fleet: every cluster's image moves to a version no cluster
 * has yet, so that each one is patched.
 */
final class Plans {

	private Plans() {
	}

	/**
	 * One stage with one group over every context: one partition, so the stage's
	 * parallelism is the whole parallelism.
	 */
	static String oneStage(String name, String target, List<String> contexts, int waveSize, int parallelism) {
		return header(name, target, waveSize, parallelism, Duration.ZERO) + "stages:\n  - name: all\n    groups:\n"
				+ "      - name: all\n        contexts: [" + String.join(", ", contexts) + "]\n";
	}

	/**
	 * One stage per tenant namespace, each but the last followed by a bake.
	 */
	static String bakes(String name, String target, List<String> contexts, List<String> tenants, Duration bake) {
		StringBuilder plan = new StringBuilder(header(name, target, 10, 10, bake)).append("stages:\n");
		for (int i = 0; i < tenants.size(); i++) {
			plan.append("  - name: s").append(i + 1).append('\n');
			plan.append("    groups:\n      - name: g\n        contexts: [")
				.append(String.join(", ", contexts))
				.append("]\n        selector: {flotilla.io/tenant: ")
				.append(tenants.get(i))
				.append("}\n");
		}
		return plan.toString();
	}

	/**
	 * One stage with a group per context, each a partition of its own; a cluster not
	 * ready within {@code readyTimeout} fails, and none stops the release.
	 */
	static String groupPerContext(String name, String target, List<String> contexts, int waveSize, int parallelism,
			Duration readyTimeout) {
		StringBuilder plan = new StringBuilder(header(name, target, waveSize, parallelism, Duration.ZERO, readyTimeout))
			.append("stages:\n  - name: all\n    groups:\n");
		for (String context : contexts) {
			plan.append("      - name: ").append(context).append("\n        contexts: [").append(context).append("]\n");
		}
		return plan.toString();
	}

	private static String header(String name, String target, int waveSize, int parallelism, Duration bake) {
		return header(name, target, waveSize, parallelism, bake, Duration.ofMinutes(10));
	}

	private static String header(String name, String target, int waveSize, int parallelism, Duration bake,
			Duration readyTimeout) {
		return SandboxPlans.header(name, target) + """
				defaults:
				  waveSize: %d
				  parallelism: %d
				  readyTimeout: %dms
				  failureBudget: "100%%"
				  bake: %dms
				""".formatted(waveSize, parallelism, readyTimeout.toMillis(), bake.toMillis());
	}

}
