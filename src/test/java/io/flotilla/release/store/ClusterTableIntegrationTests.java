package io.flotilla.release.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Outcome;
import io.flotilla.fleet.UpgradeResult;
import io.flotilla.release.ClusterFailure;
import io.flotilla.release.ClusterPage;
import io.flotilla.release.ClusterPage.Query;
import io.flotilla.release.ClusterPage.Sort;
import io.flotilla.release.PlannedCluster;
import io.flotilla.support.MigratedDatabase;
import io.flotilla.support.ReleaseTables;
import io.flotilla.support.ReleaseTables.ClusterRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link ClusterTable} against a real PostgreSQL: the pending rows are a release's
 * position, read wave by wave in key order, and each cluster gets one outcome; and they
 * are shown a page at a time.
 */
class ClusterTableIntegrationTests {

	private static final Instant CREATED = Instant.parse("2030-01-01T09:00:00Z");

	private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

	private static final AtomicInteger ids = new AtomicInteger();

	private static MigratedDatabase database;

	private static ReleaseTable releases;

	private static ClusterTable clusters;

	private static ReleaseTables rows;

	private String releaseId;

	@BeforeAll
	static void database() {
		database = MigratedDatabase.latest();
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		releases = new ReleaseTable(database.jdbc(), clock);
		clusters = new ClusterTable(database.jdbc(), database.jdbcTemplate(), clock);
		rows = new ReleaseTables(database.jdbc());
	}

	@BeforeEach
	void release() {
		this.releaseId = "rel-" + ids.incrementAndGet();
		ReleaseRecord release = new ReleaseRecord(this.releaseId, "plan", "plan.yaml", "name: plan\n", "25.3",
				ReleaseState.RUNNING, null, "tester", CREATED, CREATED, null, null, null);
		releases.insert(release);
		// inserted out of key order, with waves 0 (already current) to 3 in group a and
		// a group b beside it
		clusters.insert(release, List.of(planned("canary", "a", 2, "ctx-2", "ns-1", "db-1"),
				planned("canary", "a", 1, "ctx-2", "ns-1", "db-1b"), planned("canary", "a", 1, "ctx-1", "ns-2", "db-1"),
				planned("canary", "a", 1, "ctx-1", "ns-1", "db-2"), planned("canary", "a", 0, "ctx-1", "ns-1", "db-0"),
				planned("canary", "a", 1, "ctx-1", "ns-1", "db-1"), planned("canary", "a", 3, "ctx-3", "ns-1", "db-1"),
				planned("canary", "b", 1, "ctx-9", "ns-1", "db-1"), planned("main", "a", 1, "ctx-5", "ns-1", "db-1")));
	}

	@Test
	void insertStoresEachClusterPendingOrAlreadyCurrent() {
		// when
		List<ClusterRow> stored = rows.clusters(this.releaseId);

		// then
		assertThat(stored).hasSize(9);
		assertThat(stored).filteredOn((row) -> row.wave() == 0)
			.extracting(ClusterRow::key, ClusterRow::state)
			.containsExactly(tuple("ctx-1/ns-1/db-0", ClusterState.ALREADY_CURRENT));
		assertThat(stored).filteredOn((row) -> row.wave() > 0).allSatisfy((row) -> {
			assertThat(row.state()).isEqualTo(ClusterState.PENDING);
			assertThat(row.fromVersion()).isEqualTo("24.8");
			assertThat(row.updatedAt()).isEqualTo(CREATED);
		});
	}

	@Test
	void nextWaveIsTheGroupsLowestPendingWaveInKeyOrder() {
		// when
		List<PlannedCluster> wave = clusters.nextWave(this.releaseId, "canary", "a");

		// then: wave 0 is already current and takes no part
		assertThat(wave).extracting(PlannedCluster::wave).containsOnly(1);
		assertThat(wave).extracting((cluster) -> cluster.cluster().key())
			.containsExactly("ctx-1/ns-1/db-1", "ctx-1/ns-1/db-2", "ctx-1/ns-2/db-1", "ctx-2/ns-1/db-1b");
		// and each row says since when it is pending: the release's start
		PlannedCluster first = planned("canary", "a", 1, "ctx-1", "ns-1", "db-1");
		assertThat(wave.get(0))
			.isEqualTo(new PlannedCluster(first.stage(), first.group(), first.wave(), first.cluster(), CREATED));
	}

	@Test
	void waveAfterIsTheNextPendingWaveOfTheGroup() {
		assertThat(clusters.waveAfter(this.releaseId, "canary", "a", 1))
			.extracting((cluster) -> cluster.cluster().key())
			.containsExactly("ctx-2/ns-1/db-1");
		assertThat(clusters.waveAfter(this.releaseId, "canary", "a", 2))
			.extracting((cluster) -> cluster.cluster().key())
			.containsExactly("ctx-3/ns-1/db-1");
		assertThat(clusters.waveAfter(this.releaseId, "canary", "a", 3)).isEmpty();
		assertThat(clusters.nextWave(this.releaseId, "canary", "b")).extracting((cluster) -> cluster.cluster().key())
			.containsExactly("ctx-9/ns-1/db-1");
		assertThat(clusters.nextWave(this.releaseId, "canary", "no-such-group")).isEmpty();
	}

	@Test
	void aWaveWhoseClustersAllHaveOutcomesIsDoneAndTheNextOneIsNext() {
		// given
		for (PlannedCluster cluster : clusters.nextWave(this.releaseId, "canary", "a")) {
			clusters.recordOutcome(this.releaseId, cluster.cluster(),
					new UpgradeResult(Outcome.UPGRADED, "24.8", null, true));
		}

		// when
		List<PlannedCluster> next = clusters.nextWave(this.releaseId, "canary", "a");

		// then
		assertThat(next).extracting(PlannedCluster::wave).containsOnly(2);
		assertThat(next).hasSize(1);
	}

	@Test
	void anOutcomeIsRecordedOnceAndASecondOneIsRefused() {
		// given
		ClusterRef cluster = new ClusterRef("ctx-1", "ns-1", "db-1", null);

		// when
		boolean first = clusters.recordOutcome(this.releaseId, cluster,
				new UpgradeResult(Outcome.UPGRADED, "24.3", null, true));
		boolean second = clusters.recordOutcome(this.releaseId, cluster,
				new UpgradeResult(Outcome.FAILED, "24.3", "not ready", true));

		// then
		assertThat(first).isTrue();
		assertThat(second).isFalse();
		ClusterRow row = row("ctx-1/ns-1/db-1");
		assertThat(row.state()).isEqualTo(ClusterState.UPGRADED);
		assertThat(row.reason()).isNull();
		assertThat(row.fromVersion()).isEqualTo("24.3");
		assertThat(row.updatedAt()).isEqualTo(NOW);
	}

	@Test
	void anAlreadyCurrentClusterTakesNoOutcome() {
		assertThat(clusters.recordOutcome(this.releaseId, new ClusterRef("ctx-1", "ns-1", "db-0", null),
				new UpgradeResult(Outcome.UPGRADED, "24.8", null, true)))
			.isFalse();
		assertThat(row("ctx-1/ns-1/db-0").state()).isEqualTo(ClusterState.ALREADY_CURRENT);
	}

	@Test
	void anUpgradeThatAwaitedAnEarlierPatchKeepsTheRecordedFromVersion() {
		// given: an execution that died patched it; the version found now is the target
		ClusterRef cluster = new ClusterRef("ctx-1", "ns-1", "db-2", null);

		// when
		clusters.recordOutcome(this.releaseId, cluster, new UpgradeResult(Outcome.UPGRADED, "25.3", null, false));

		// then
		assertThat(row("ctx-1/ns-1/db-2").fromVersion()).isEqualTo("24.8");
		assertThat(row("ctx-1/ns-1/db-2").state()).isEqualTo(ClusterState.UPGRADED);
	}

	@Test
	void resetFailuresPutsTheStagesFailedClustersBackToPendingAndCountsThem() {
		// given: two failures in canary, one upgrade, and a failure in main
		fail("ctx-1", "ns-1", "db-1");
		fail("ctx-1", "ns-2", "db-1");
		clusters.recordOutcome(this.releaseId, new ClusterRef("ctx-1", "ns-1", "db-2", null),
				new UpgradeResult(Outcome.UPGRADED, "24.8", null, true));
		fail("ctx-5", "ns-1", "db-1");
		assertThat(clusters.failures(this.releaseId)).containsExactly(
				new ClusterFailure("canary", "ctx-1/ns-1/db-1", "not ready"),
				new ClusterFailure("canary", "ctx-1/ns-2/db-1", "not ready"),
				new ClusterFailure("main", "ctx-5/ns-1/db-1", "not ready"));

		// when
		int reset = clusters.resetFailures(this.releaseId, "canary");

		// then
		assertThat(reset).isEqualTo(2);
		assertThat(row("ctx-1/ns-1/db-1").state()).isEqualTo(ClusterState.PENDING);
		assertThat(row("ctx-1/ns-1/db-1").reason()).isNull();
		assertThat(row("ctx-1/ns-2/db-1").state()).isEqualTo(ClusterState.PENDING);
		assertThat(row("ctx-1/ns-1/db-2").state()).isEqualTo(ClusterState.UPGRADED);
		assertThat(clusters.failures(this.releaseId))
			.containsExactly(new ClusterFailure("main", "ctx-5/ns-1/db-1", "not ready"));
		assertThat(clusters.nextWave(this.releaseId, "canary", "a")).extracting((cluster) -> cluster.cluster().key())
			.containsExactly("ctx-1/ns-1/db-1", "ctx-1/ns-2/db-1", "ctx-2/ns-1/db-1b");
		assertThat(clusters.resetFailures(this.releaseId, "canary")).isZero();
	}

	@Test
	void aPageRunsInThePlansStageOrderAndCountsEveryMatch() {
		// given: main comes first in the plan, though it sorts after canary
		stages(this.releaseId, "main", "canary");

		// when
		ClusterPage first = clusters.page(this.releaseId, query(Sort.STAGE, false, 0, 4));
		ClusterPage last = clusters.page(this.releaseId, query(Sort.STAGE, false, 2, 4));
		ClusterPage beyond = clusters.page(this.releaseId, query(Sort.STAGE, false, 3, 4));

		// then
		assertThat(keys(first)).containsExactly("ctx-5/ns-1/db-1", "ctx-1/ns-1/db-0", "ctx-1/ns-1/db-1",
				"ctx-1/ns-1/db-2");
		assertThat(keys(last)).containsExactly("ctx-9/ns-1/db-1");
		assertThat(beyond.items()).isEmpty();
		assertThat(List.of(first.total(), last.total(), beyond.total())).containsOnly(9L);
		assertThat(first.items().get(0)).isEqualTo(new ClusterPage.Row("ctx-5", "ns-1", "db-1", "main", "a", 1,
				ClusterState.PENDING, "24.8", "25.3", null, CREATED));
	}

	@Test
	void aPageSortedByStateRunsFromPendingToFailedAndBreaksTiesInStageOrder() {
		// given
		stages(this.releaseId, "canary", "main");
		fail("ctx-2", "ns-1", "db-1");
		fail("ctx-1", "ns-2", "db-1");

		// when
		ClusterPage descending = clusters.page(this.releaseId, query(Sort.STATE, true, 0, 3));

		// then
		assertThat(descending.items()).extracting(ClusterPage.Row::state)
			.containsExactly(ClusterState.FAILED, ClusterState.FAILED, ClusterState.ALREADY_CURRENT);
		assertThat(keys(descending)).containsExactly("ctx-1/ns-2/db-1", "ctx-2/ns-1/db-1", "ctx-1/ns-1/db-0");
		assertThat(descending.items().get(0).reason()).isEqualTo("not ready");
	}

	@Test
	void theFiltersCombineAndTheTextTakesWildcardsLiterally() {
		// given: names with LIKE's wildcards in them, beside names they would match as
		// wildcards
		ReleaseRecord release = release("rel-like-" + ids.incrementAndGet());
		clusters.insert(release,
				List.of(planned("canary", "a", 1, "ctx-1", "ns-1", "db_1"),
						planned("canary", "a", 1, "ctx-1", "ns-1", "dbx1"),
						planned("canary", "a", 1, "ctx-1", "ns-1", "50%-db"),
						planned("canary", "a", 1, "ctx-1", "ns-1", "500-db"),
						planned("canary", "b", 1, "ctx-1", "ns-1", "a\\b")));

		// when, then
		assertThat(keys(clusters.page(release.id(), text("DB_1")))).containsExactly("ctx-1/ns-1/db_1");
		assertThat(keys(clusters.page(release.id(), text("0%")))).containsExactly("ctx-1/ns-1/50%-db");
		assertThat(keys(clusters.page(release.id(), text("a\\b")))).containsExactly("ctx-1/ns-1/a\\b");
		assertThat(keys(clusters.page(release.id(), text("NS-1")))).hasSize(5);
		assertThat(keys(clusters.page(release.id(),
				new Query(ClusterState.PENDING, "canary", "b", "ctx", Sort.STAGE, false, 0, 50))))
			.containsExactly("ctx-1/ns-1/a\\b");
		assertThat(
				clusters.page(release.id(), new Query(ClusterState.FAILED, null, null, null, Sort.STAGE, false, 0, 50))
					.total())
			.isZero();
	}

	@Test
	void aPageOfTenThousandClustersIsReadFromTheDatabaseNotTheWholeRelease() {
		// given
		ReleaseRecord release = release("rel-big-" + ids.incrementAndGet());
		List<PlannedCluster> fleet = IntStream.range(0, 10_000)
			.mapToObj((i) -> planned((i % 2 == 0) ? "late" : "early", "g", 1 + i % 7, "ctx-" + (i % 10),
					"ns-%05d".formatted(i), "db"))
			.toList();
		clusters.insert(release, fleet);
		stages(release.id(), "early", "late");

		// when
		ClusterPage page = clusters.page(release.id(), query(Sort.STAGE, false, 199, 50));

		// then: the last page of the stage that comes last
		assertThat(page.total()).isEqualTo(10_000);
		assertThat(page.items()).hasSize(50).allSatisfy((row) -> assertThat(row.stage()).isEqualTo("late"));
		assertThat(page.items().get(49).context()).isEqualTo("ctx-8");
		assertThat(page.items().get(49).namespace()).isEqualTo("ns-09998");
	}

	private static ReleaseRecord release(String id) {
		ReleaseRecord release = new ReleaseRecord(id, "plan", "plan.yaml", "name: plan\n", "25.3", ReleaseState.RUNNING,
				null, "tester", CREATED, CREATED, null, null, null);
		releases.insert(release);
		return release;
	}

	private static void stages(String releaseId, String... inPlanOrder) {
		for (int position = 0; position < inPlanOrder.length; position++) {
			database.jdbc()
				.sql("INSERT INTO flotilla_stage (release_id, position, name, clusters) VALUES (?, ?, ?, 0)")
				.params(releaseId, position, inPlanOrder[position])
				.update();
		}
	}

	private static Query query(Sort sort, boolean descending, int page, int size) {
		return new Query(null, null, null, null, sort, descending, page, size);
	}

	private static Query text(String text) {
		return new Query(null, null, null, text, Sort.NAME, false, 0, 50);
	}

	private static List<String> keys(ClusterPage page) {
		return page.items().stream().map((row) -> row.context() + "/" + row.namespace() + "/" + row.name()).toList();
	}

	private void fail(String context, String namespace, String name) {
		assertThat(clusters.recordOutcome(this.releaseId, new ClusterRef(context, namespace, name, null),
				new UpgradeResult(Outcome.FAILED, "24.8", "not ready", true)))
			.isTrue();
	}

	private ClusterRow row(String key) {
		return rows.clusters(this.releaseId).stream().filter((row) -> row.key().equals(key)).findFirst().orElseThrow();
	}

	private static PlannedCluster planned(String stage, String group, int wave, String context, String namespace,
			String name) {
		return new PlannedCluster(stage, group, wave, new ClusterRef(context, namespace, name, "24.8"));
	}

}
