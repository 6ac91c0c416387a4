package io.flotilla.rehearse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.flotilla.rehearse.RunResult.ClusterRecord;
import io.flotilla.rehearse.RunResult.PlanStage;
import io.flotilla.rehearse.RunResult.StageResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RehearsalTests {

	private static final List<PlanStage> STAGES = List.of(new PlanStage("dev", false), new PlanStage("prod", true));

	private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

	@Test
	void countsAsReachedOnlyTheClustersTheReleasePatched() {
		RunResult run = RunResult.of(1, "COMPLETED", null, Duration.ofHours(2), STAGES,
				List.of(cluster("a", "dev", "UPGRADED", true), cluster("b", "dev", "FAILED", false),
						cluster("c", "dev", "ALREADY_CURRENT", true), cluster("d", "dev", "SKIPPED_UNHEALTHY", true),
						cluster("e", "prod", "UNHEALTHY", true), cluster("f", "prod", "PENDING", true),
						cluster("g", "prod", "SKIPPED_CLAIMED", false)));

		assertThat(run.stages()).containsExactly(new StageResult("dev", false, 4, 2, 1, 3, false),
				new StageResult("prod", true, 3, 1, 1, 2, false));
		assertThat(run.brokenReached()).isEqualTo(2);
		assertThat(run.brokenInProduction()).isTrue();
		assertThat(run.completed()).isTrue();
		assertThat(run.stoppedStage()).isNull();
	}

	@Test
	void placesACheckPauseAtTheClusterItNames() {
		RunResult run = RunResult.of(2, "PAUSED",
				"check pods-healthy failed on eu-west-1/tenant-0002/ch-b: pod ch-b-0 restarted 3 times",
				Duration.ofMinutes(40), STAGES, List.of(cluster("a", "dev", "UPGRADED", false),
						cluster("b", "dev", "UNHEALTHY", true), cluster("c", "prod", "PENDING", true)));

		assertThat(run.stoppedByCheck()).isTrue();
		assertThat(run.stoppedStage()).isEqualTo("dev");
		assertThat(run.stoppedGroup()).isEqualTo("group-b");
		assertThat(run.stages()).extracting(StageResult::stoppedHere).containsExactly(true, false);
		assertThat(run.brokenInProduction()).isFalse();
	}

	@Test
	void placesAnyOtherStopInTheLastStageReachedAtItsLastFailure() {
		RunResult run = RunResult.of(3, "BUDGET_EXCEEDED", "stage prod: 2 clusters failed, over its budget of 1",
				Duration.ofMinutes(90), STAGES,
				List.of(cluster("a", "dev", "UPGRADED", false), cluster("b", "prod", "FAILED", false),
						cluster("c", "prod", "FAILED", false, T0.plusSeconds(5)),
						cluster("d", "prod", "PENDING", true)));

		assertThat(run.stoppedByCheck()).isFalse();
		assertThat(run.stoppedStage()).isEqualTo("prod");
		assertThat(run.stoppedGroup()).isEqualTo("group-c");
	}

	@Test
	void placesAStopBeforeAnyPatchInTheFirstStage() {
		RunResult run = RunResult.of(4, "FAILED", "the fleet could not be listed", Duration.ZERO, STAGES,
				List.of(cluster("a", "dev", "PENDING", true)));

		assertThat(run.stoppedStage()).isEqualTo("dev");
		assertThat(run.stoppedGroup()).isNull();
		assertThat(run.brokenReached()).isZero();
	}

	@Test
	void takesTheMedianAndTheWorstOfTheBrokenClustersReached() {
		assertThat(rehearsal(3, 0, 7).medianBrokenReached()).isEqualTo(3.0);
		assertThat(rehearsal(3, 0, 7, 1).medianBrokenReached()).isEqualTo(2.0);
		assertThat(rehearsal(4, 0, 7, 1).medianBrokenReached()).isEqualTo(2.5);
		assertThat(rehearsal(4, 0, 7, 1).worstBrokenReached()).isEqualTo(7);
		assertThat(rehearsal(0).worstBrokenReached()).isZero();
	}

	@Test
	void countsTheRunsInWhichABrokenClusterReachedProduction() {
		Rehearsal rehearsal = new Rehearsal("plan.yaml", "25.3", "50%", 60, false,
				List.of(run(1, "COMPLETED", 0, 2, Duration.ofHours(3)), run(2, "COMPLETED", 1, 0, Duration.ofHours(1)),
						run(3, "PAUSED", 1, 1, Duration.ofHours(2)), run(4, "COMPLETED", 0, 0, Duration.ofHours(2))),
				List.of());

		assertThat(rehearsal.runsWithBrokenInProduction()).isEqualTo(2);
		assertThat(rehearsal.productionStages()).containsExactly("prod");
		assertThat(rehearsal.fullPlanTime()).contains(Duration.ofHours(2));
		assertThat(rehearsal.table()).contains("Broken clusters reached per run: median 1.5, worst 2.",
				"Runs in which a broken cluster reached production (prod): 2 of 4.",
				"The whole plan takes 2h of plan time");
		assertThat(rehearsal.json()).contains("\"runsWithBrokenInProduction\" : 2", "\"worstBrokenReached\" : 2");
	}

	@Test
	void saysSoWhenNoRunCompleted() {
		Rehearsal rehearsal = new Rehearsal("plan.yaml", "25.3", "2%", 60, true,
				List.of(run(1, "PAUSED", 1, 0, Duration.ofHours(1))), List.of("check x: the range [5m]"));

		assertThat(rehearsal.fullPlanTime()).isEmpty();
		assertThat(rehearsal.table()).contains("No run completed", "Not compressed by --speed 60:",
				"  - check x: the range [5m]");
	}

	@Test
	void needsARun() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Rehearsal("plan.yaml", "25.3", "2%", 60, true, List.of(), List.of()));
	}

	private static Rehearsal rehearsal(int... brokenPerRun) {
		List<RunResult> runs = new java.util.ArrayList<>();
		for (int i = 0; i < brokenPerRun.length; i++) {
			runs.add(run(i, "COMPLETED", brokenPerRun[i], 0, Duration.ofHours(1)));
		}
		return new Rehearsal("plan.yaml", "25.3", "2%", 60, true, runs, List.of());
	}

	private static RunResult run(long seed, String outcome, int brokenInDev, int brokenInProd, Duration time) {
		return new RunResult(seed, outcome, null, false, null, null, time,
				List.of(new StageResult("dev", false, 10, 10, brokenInDev, brokenInDev, false),
						new StageResult("prod", true, 20, 20, brokenInProd, brokenInProd, false)));
	}

	private static ClusterRecord cluster(String name, String stage, String state, boolean broken) {
		return cluster(name, stage, state, broken, T0);
	}

	private static ClusterRecord cluster(String name, String stage, String state, boolean broken, Instant at) {
		return new ClusterRecord("eu-west-1", "tenant-000" + (name.charAt(0) - 'a' + 1), "ch-" + name, stage,
				"group-" + name, state, at, broken);
	}

}
