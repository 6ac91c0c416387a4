package io.flotilla.release.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.flotilla.control.ReleaseState;
import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Outcome;
import io.flotilla.fleet.UpgradeResult;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.release.FleetSnapshot;
import io.flotilla.release.PlannedCluster;
import io.flotilla.release.StageProgress;
import io.flotilla.support.MigratedDatabase;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StageTable} against a real PostgreSQL: a stage's failures are counted from its
 * clusters' rows, and its budget holds against the failures not yet accepted.
 */
class StageTableIntegrationTests {

	private static final Instant CREATED = Instant.parse("2030-01-01T09:00:00Z");

	private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

	private static final AtomicInteger ids = new AtomicInteger();

	/** canary tolerates one failure; main has no budget. */
	private static final Plan PLAN = new PlanLoader().load("stages.yaml", TestPlans.plan("stages", """
			defaults:
			  waveSize: 2
			stages:
			  - name: canary
			    failureBudget: 1
			    groups:
			      - name: a
			        contexts: [ctx-1]
			  - name: main
			    failureBudget: 0
			    groups:
			      - name: a
			        contexts: [ctx-2]
			"""));

	private static MigratedDatabase database;

	private static ReleaseTable releases;

	private static StageTable stages;

	private static ClusterTable clusters;

	private String releaseId;

	@BeforeAll
	static void database() {
		database = MigratedDatabase.latest();
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		releases = new ReleaseTable(database.jdbc(), clock);
		stages = new StageTable(database.jdbc());
		clusters = new ClusterTable(database.jdbc(), database.jdbcTemplate(), clock);
	}

	@BeforeEach
	void release() {
		// given: canary has one cluster already current and four to upgrade in two waves,
		// main two in one wave
		this.releaseId = "rel-" + ids.incrementAndGet();
		ReleaseRecord release = new ReleaseRecord(this.releaseId, "stages", "stages.yaml", "name: stages\n", "25.3",
				ReleaseState.RUNNING, null, "tester", CREATED, CREATED, null, null, null);
		List<PlannedCluster> planned = List.of(planned("canary", 0, "ctx-1", "db-0"),
				planned("canary", 1, "ctx-1", "db-1"), planned("canary", 1, "ctx-1", "db-2"),
				planned("canary", 2, "ctx-1", "db-3"), planned("canary", 2, "ctx-1", "db-4"),
				planned("main", 1, "ctx-2", "db-1"), planned("main", 1, "ctx-2", "db-2"));
		releases.insert(release);
		stages.insert(this.releaseId, new FleetSnapshot(PLAN, planned));
		clusters.insert(release, planned);
	}

	@Test
	void aStageKnowsItsClustersAndStartsWithoutFailuresOrBake() {
		// when
		StageRecord canary = stages.stage(this.releaseId, "canary");
		StageRecord main = stages.stage(this.releaseId, "main");

		// then
		assertThat(canary).isEqualTo(new StageRecord("canary", 5, 0, 0, null));
		assertThat(main).isEqualTo(new StageRecord("main", 2, 0, 0, null));
		assertThat(canary.overBudget(stage("canary"))).isFalse();
	}

	@Test
	void stageCountsTheFailuresOfItsOwnClusters() {
		// given
		record(Outcome.FAILED, "ctx-1", "db-1");
		record(Outcome.FAILED, "ctx-1", "db-2");
		record(Outcome.UPGRADED, "ctx-2", "db-1");

		// when
		StageRecord canary = stages.stage(this.releaseId, "canary");

		// then
		assertThat(canary.failed()).isEqualTo(2);
		assertThat(canary.unacceptedFailures()).isEqualTo(2);
		assertThat(canary.budget(stage("canary"))).isEqualTo(1);
		assertThat(canary.overBudget(stage("canary"))).isTrue();
		assertThat(stages.stage(this.releaseId, "main").failed()).isZero();
	}

	@Test
	void acceptedFailuresDoNotCountAgainstTheBudgetUntilTheyAreForgotten() {
		// given: two failures, both accepted by a continue
		record(Outcome.FAILED, "ctx-1", "db-1");
		record(Outcome.FAILED, "ctx-1", "db-2");
		stages.acceptFailures(this.releaseId, "canary");
		StageRecord accepted = stages.stage(this.releaseId, "canary");
		assertThat(accepted.acceptedFailures()).isEqualTo(2);
		assertThat(accepted.overBudget(stage("canary"))).isFalse();

		// when: one more within the budget, then a second one beyond it
		record(Outcome.FAILED, "ctx-1", "db-3");
		StageRecord oneMore = stages.stage(this.releaseId, "canary");
		record(Outcome.FAILED, "ctx-1", "db-4");
		StageRecord twoMore = stages.stage(this.releaseId, "canary");

		// then
		assertThat(oneMore.unacceptedFailures()).isEqualTo(1);
		assertThat(oneMore.overBudget(stage("canary"))).isFalse();
		assertThat(twoMore.unacceptedFailures()).isEqualTo(2);
		assertThat(twoMore.overBudget(stage("canary"))).isTrue();

		// and a reset forgets what was accepted
		stages.forgetAcceptedFailures(this.releaseId, "canary");
		assertThat(stages.stage(this.releaseId, "canary").acceptedFailures()).isZero();
	}

	@Test
	void progressCountsEachStagesClustersByStateInPlanOrder() {
		// given
		record(Outcome.UPGRADED, "ctx-1", "db-1");
		record(Outcome.FAILED, "ctx-1", "db-2");
		record(Outcome.ALREADY_CURRENT, "ctx-1", "db-3");
		Instant bakeUntil = NOW.plusSeconds(600);
		stages.startBake(this.releaseId, "canary", bakeUntil);

		// when
		List<StageProgress> progress = stages.progress(this.releaseId);

		// then: name, clusters, pending, upgraded, already current, skipped as newer,
		// failed, waves, current wave, bake
		assertThat(progress).containsExactly(
				new StageProgress("canary", 5, 1, 1, 2, 0, 0, 1, 0, 0, 0, 2, 2, bakeUntil, List.of()),
				new StageProgress("main", 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, null, List.of()));
		assertThat(stages.stage(this.releaseId, "canary").bakeUntil()).isEqualTo(bakeUntil);
	}

	@Test
	void aStageWithNothingPendingHasNoCurrentWave() {
		// given
		record(Outcome.UPGRADED, "ctx-2", "db-1");
		record(Outcome.FAILED, "ctx-2", "db-2");

		// when
		StageProgress main = stages.progress(this.releaseId).get(1);

		// then
		assertThat(main.pending()).isZero();
		assertThat(main.currentWave()).isNull();
		assertThat(main.done()).isEqualTo(2);
	}

	private void record(Outcome outcome, String context, String name) {
		assertThat(clusters.recordOutcome(this.releaseId, new ClusterRef(context, "ns", name, null),
				new UpgradeResult(outcome, "24.8", (outcome == Outcome.FAILED) ? "not ready" : null, true)))
			.isTrue();
	}

	private static Stage stage(String name) {
		return PLAN.stages().stream().filter((stage) -> stage.name().equals(name)).findFirst().orElseThrow();
	}

	private static PlannedCluster planned(String stage, int wave, String context, String name) {
		return new PlannedCluster(stage, "a", wave, new ClusterRef(context, "ns", name, "24.8"));
	}

}
