package io.flotilla.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.flotilla.cli.Cli.Run;
import io.flotilla.cli.client.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flotilla rehearse} end to end: a sandbox, a server and a release per seed, on a
 * small fleet in two regions, the second one production.
 */
class RehearseCommandIntegrationTests {

	private static final int CLUSTERS = 16;

	/**
	 * A version no sandbox cluster runs yet, so every cluster is patched and none counts
	 * as already current.
	 */
	private static final String PLAN = """
			name: rehearsed
			selector:
			  app.kubernetes.io/name: clickhouse
			version:
			  path: spec.template.spec.containers[name=clickhouse].image
			  pattern: ':([^:]+)$'
			  target: "26.1"
			changes:
			  - op: add_or_update
			    path: spec.template.spec.containers[name=clickhouse].image
			    value: "clickhouse/clickhouse-server:${version}"
			checks:
			  - name: pods
			    pods: {}
			defaults:
			  waveSize: 4
			  parallelism: 4
			  readyTimeout: 2m
			  bake: 1m
			stages:
			  - name: canary
			    groups: [{name: us-east-1, contexts: [us-east-1]}]
			  - name: prod
			    production: true
			    groups: [{name: eu-west-1, contexts: [eu-west-1]}]
			""";

	@TempDir
	Path directory;

	@Test
	void withoutChecksEveryRunCompletesAndBrokenClustersReachProduction() throws IOException, InterruptedException {
		Path plan = Files.writeString(this.directory.resolve("rehearsed.yaml"), PLAN);

		Run run = Cli.runApart(this.directory, Duration.ofMinutes(5), "rehearse", plan.toString(), "--runs", "2",
				"--speed", "60", "--breaks", "50%", "--clusters", Integer.toString(CLUSTERS), "--regions", "2",
				"--no-checks", "--json", "--dir", this.directory.resolve("work").toString(), "--steps",
				this.directory.resolve("none").toString());

		assertThat(run.err()).contains("run 1/2, seed 42: COMPLETED", "run 2/2, seed 43: COMPLETED");
		JsonNode result = JsonMapper.builder().build().readTree(run.out());
		assertThat(result.get("checks").asBoolean()).isFalse();
		assertThat(result.get("runs")).hasSize(2);
		int worst = 0;
		for (JsonNode each : result.get("runs")) {
			int clusters = 0;
			int broken = 0;
			for (JsonNode stage : each.get("stages")) {
				int reached = stage.get("reached").asInt();
				assertThat(stage.get("brokenReached").asInt()).isLessThanOrEqualTo(reached)
					.isLessThanOrEqualTo(stage.get("broken").asInt());
				assertThat(reached).isLessThanOrEqualTo(stage.get("clusters").asInt());
				// nothing stops a release without checks: every cluster is patched
				assertThat(reached).isEqualTo(stage.get("clusters").asInt());
				assertThat(stage.get("brokenReached").asInt()).isEqualTo(stage.get("broken").asInt());
				clusters += stage.get("clusters").asInt();
				broken += stage.get("brokenReached").asInt();
			}
			assertThat(clusters).isEqualTo(CLUSTERS);
			assertThat(each.get("brokenReached").asInt()).isEqualTo(broken);
			assertThat(each.get("outcome").asString()).isEqualTo("COMPLETED");
			assertThat(each.get("planTime").asString()).isNotEqualTo("0s");
			worst = Math.max(worst, broken);
		}
		assertThat(result.get("worstBrokenReached").asInt()).isEqualTo(worst);
		assertThat(result.get("productionStages").get(0).asString()).isEqualTo("prod");
		assertThat(result.get("runsWithBrokenInProduction").asInt()).isPositive();
		assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
	}

}
