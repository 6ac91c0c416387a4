package io.flotilla.plan.yaml;

import java.time.Duration;

import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PlanRewritesTests {

	private static final String PLAN = """
			name: demo # the demo
			selector: {app: ch}
			version: {path: spec.image, target: "25.3"}
			changes: [{op: remove, path: spec.image}]
			checks:
			- name: plan-pods
			  pods: {}
			defaults:
			  readyTimeout: 30s   # slow clusters still make it
			  bake: "1h"
			  soak: 0s
			  checks:
			    - name: logical
			      logs: {pattern: 'Logical error', max: 0}
			    - name: rate
			      prometheus:
			        query: |
			          rate(errors[5m])
			        over: 1

			stages:
			  - name: dev
			    soak: 10m
			    checks: [{name: dev-pods, pods: {}}]
			    groups: [{name: g, contexts: [c]}]
			  - {name: prod, bake: 90s, production: true, groups: [{name: g, contexts: [c]}]}
			""";

	private final PlanLoader loader = new PlanLoader();

	@Test
	void dividesBakesSoaksAndReadyTimeoutsKeepingEverythingElseAsWritten() {
		String compressed = PlanRewrites.compressed("plan.yaml", PLAN, 60, Duration.ZERO);

		assertThat(compressed).isEqualTo(PLAN.replace("readyTimeout: 30s", "readyTimeout: 500ms")
			.replace("bake: \"1h\"", "bake: 1m")
			.replace("soak: 10m", "soak: 10s")
			.replace("bake: 90s", "bake: 1s500ms"));
		Plan plan = this.loader.load("plan.yaml", compressed);
		assertThat(plan.stages()).extracting(Stage::bake)
			.containsExactly(Duration.ofMinutes(1), Duration.ofMillis(1500));
		assertThat(plan.stages().get(0).readyTimeout()).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void keepsAShortDurationAboveZeroAndZeroAtZero() {
		String plan = PLAN.replace("readyTimeout: 30s", "readyTimeout: 10ms");

		String compressed = PlanRewrites.compressed("plan.yaml", plan, 1000, Duration.ZERO);

		assertThat(compressed).contains("readyTimeout: 1ms", "soak: 0s");
		assertThat(this.loader.load("plan.yaml", compressed).stages().get(1).readyTimeout())
			.isEqualTo(Duration.ofMillis(1));
	}

	@Test
	void dividesAReadyTimeoutNoLowerThanItsFloorAndLeavesAShorterOneAlone() {
		String plan = PLAN.replace("readyTimeout: 30s", "readyTimeout: 10m")
			.replace("soak: 10m", "soak: 10m\n    readyTimeout: 2s");

		String compressed = PlanRewrites.compressed("plan.yaml", plan, 600, Duration.ofSeconds(5));

		assertThat(compressed).contains("readyTimeout: 5s", "readyTimeout: 2s", "soak: 1s");
	}

	@Test
	void leavesAnInvalidDurationForTheLoaderToReport() {
		String plan = PLAN.replace("bake: 90s", "bake: soon");

		assertThat(PlanRewrites.compressed("plan.yaml", plan, 60, Duration.ZERO)).contains("bake: soon");
	}

	@Test
	void refusesASpeedBelowOne() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PlanRewrites.compressed("plan.yaml", PLAN, 0, Duration.ZERO))
			.withMessage("speed must be at least 1, was 0");
	}

	@Test
	void dropsEveryListOfChecksAndKeepsTheRest() {
		String without = PlanRewrites.withoutChecks("plan.yaml", PLAN);

		assertThat(without).isEqualTo("""
				name: demo # the demo
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				checks: []
				defaults:
				  readyTimeout: 30s   # slow clusters still make it
				  bake: "1h"
				  soak: 0s
				  checks: []

				stages:
				  - name: dev
				    soak: 10m
				    checks: []
				    groups: [{name: g, contexts: [c]}]
				  - {name: prod, bake: 90s, production: true, groups: [{name: g, contexts: [c]}]}
				""");
		Plan plan = this.loader.load("plan.yaml", without);
		assertThat(plan.checks()).isEmpty();
		assertThat(plan.stages()).allSatisfy((stage) -> assertThat(stage.checks()).isEmpty());
		assertThat(this.loader.load("plan.yaml", PLAN).stages())
			.allSatisfy((stage) -> assertThat(stage.checks()).isNotEmpty());
	}

	@Test
	void reportsTextThatIsNotYaml() {
		assertThatExceptionOfType(PlanException.class)
			.isThrownBy(() -> PlanRewrites.withoutChecks("plan.yaml", "stages: [unclosed\n"));
	}

}
