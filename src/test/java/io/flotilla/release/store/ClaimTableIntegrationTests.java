package io.flotilla.release.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Outcome;
import io.flotilla.fleet.UpgradeResult;
import io.flotilla.release.Claim;
import io.flotilla.release.PlannedCluster;
import io.flotilla.support.MigratedDatabase;
import io.flotilla.support.ReleaseTables;
import io.flotilla.support.ReleaseTables.ClusterRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link ClaimTable} against a real PostgreSQL migrated by the server's migrations, with
 * a fixed clock: a release takes the clusters of its own rows that nobody holds, learns
 * who holds the others, and lets its claims go in the statement that ends it; two
 * releases taking the same clusters at once never deadlock and never both get one.
 * <p>
 * Claims are keyed by cluster, not by release, so every test works on clusters of a
 * context of its own.
 */
class ClaimTableIntegrationTests {

	private static final Instant CREATED = Instant.parse("2030-01-01T09:00:00Z");

	private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

	private static final String KIND = "StatefulSet";

	private static final int RACE_ROUNDS = 20;

	private static final AtomicInteger ids = new AtomicInteger();

	private static MigratedDatabase database;

	private static ReleaseTable releases;

	private static ClusterTable clusters;

	private static ClaimTable claims;

	private static ReleaseTables rows;

	private static TransactionTemplate transaction;

	private static ExecutorService threads;

	/** The context of this test's clusters. */
	private String context;

	@BeforeAll
	static void database() {
		database = MigratedDatabase.latest();
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		releases = new ReleaseTable(database.jdbc(), clock);
		clusters = new ClusterTable(database.jdbc(), database.jdbcTemplate(), clock);
		claims = new ClaimTable(database.jdbc(), clock);
		rows = new ReleaseTables(database.jdbc());
		transaction = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));
		threads = Executors.newFixedThreadPool(2);
	}

	@AfterAll
	static void stopThreads() {
		threads.shutdownNow();
	}

	@BeforeEach
	void context() {
		this.context = "ctx-" + ids.incrementAndGet();
	}

	@Test
	void claimAllTakesEveryClusterOfTheReleaseAndCountsThem() {
		// given: rows inserted out of key order, one already current, one in a later
		// stage
		String id = release(ReleaseState.STARTING, planned("canary", 1, "ns-2", "db-1"),
				planned("canary", 0, "ns-1", "db-3"), planned("canary", 1, "ns-1", "db-2"),
				planned("main", 1, "ns-1", "db-1"));

		// when
		int taken = claims.claimAll(id, KIND);

		// then
		assertThat(taken).isEqualTo(4);
		assertThat(claims.list(id)).containsExactly(claim("ns-1", "db-1", id), claim("ns-1", "db-2", id),
				claim("ns-1", "db-3", id), claim("ns-2", "db-1", id));
		assertThat(claims.heldByOthers(id, KIND)).isEmpty();
	}

	@Test
	void aSecondReleaseOverTheSameClustersTakesOnlyTheFreeOnesAndSeesWhoHoldsTheOthers() {
		// given: the first release holds db-1 to db-3
		String first = release(ReleaseState.RUNNING, planned("canary", 1, "ns-1", "db-1"),
				planned("canary", 1, "ns-1", "db-2"), planned("main", 1, "ns-1", "db-3"));
		assertThat(claims.claimAll(first, KIND)).isEqualTo(3);

		// when: the second wants db-2 to db-5
		String second = release(ReleaseState.STARTING, planned("canary", 1, "ns-1", "db-5"),
				planned("canary", 1, "ns-1", "db-4"), planned("main", 1, "ns-1", "db-3"),
				planned("canary", 1, "ns-1", "db-2"));
		int taken = claims.claimAll(second, KIND);

		// then
		assertThat(taken).isEqualTo(2);
		assertThat(claims.list(second)).extracting(Claim::cluster)
			.containsExactly(key("ns-1", "db-4"), key("ns-1", "db-5"));
		assertThat(claims.list(first)).extracting(Claim::cluster)
			.containsExactly(key("ns-1", "db-1"), key("ns-1", "db-2"), key("ns-1", "db-3"));
		assertThat(claims.heldByOthers(second, KIND)).containsExactly(claim("ns-1", "db-2", first),
				claim("ns-1", "db-3", first));
		assertThat(Claim.summary(claims.heldByOthers(second, KIND))).isEqualTo(
				"2 clusters held by release " + first + " (" + key("ns-1", "db-2") + ", " + key("ns-1", "db-3") + ")");
		// and the first release sees the second as holder of none of its clusters
		assertThat(claims.heldByOthers(first, KIND)).isEmpty();
	}

	@Test
	void heldByOthersNamesEachHolderInHolderOrder() {
		// given: two releases hold one cluster each of a third
		String b = release(ReleaseState.RUNNING, planned("canary", 1, "ns-1", "db-1"));
		String a = release(ReleaseState.RUNNING, planned("canary", 1, "ns-1", "db-2"));
		claims.claimAll(b, KIND);
		claims.claimAll(a, KIND);
		String third = release(ReleaseState.STARTING, planned("canary", 1, "ns-1", "db-1"),
				planned("canary", 1, "ns-1", "db-2"), planned("canary", 1, "ns-1", "db-3"));

		// when
		int taken = claims.claimAll(third, KIND);

		// then: holders by id (b was created first, so its id sorts lower)
		assertThat(taken).isOne();
		assertThat(claims.heldByOthers(third, KIND)).extracting(Claim::holderId, Claim::cluster)
			.containsExactly(tuple(b, key("ns-1", "db-1")), tuple(a, key("ns-1", "db-2")));
	}

	@Test
	void aClaimOnAnotherKindDoesNotHoldTheCluster() {
		// given: one release rolls out the StatefulSet, another the Deployment of the
		// same
		// name
		String statefulSets = release(ReleaseState.RUNNING, planned("canary", 1, "ns-1", "db-1"));
		String deployments = release(ReleaseState.STARTING, planned("canary", 1, "ns-1", "db-1"));
		assertThat(claims.claimAll(statefulSets, KIND)).isOne();

		// when
		int taken = claims.claimAll(deployments, "Deployment");

		// then
		assertThat(taken).isOne();
		assertThat(claims.heldByOthers(deployments, "Deployment")).isEmpty();
		assertThat(claims.heldByOthers(statefulSets, KIND)).isEmpty();
		assertThat(claims.list(deployments)).extracting(Claim::kind).containsExactly("Deployment");
	}

	@Test
	void claimAllTwiceIsHarmless() {
		// given
		String id = release(ReleaseState.STARTING, planned("canary", 1, "ns-1", "db-1"),
				planned("canary", 1, "ns-1", "db-2"));
		assertThat(claims.claimAll(id, KIND)).isEqualTo(2);
		List<Claim> before = claims.list(id);

		// when: taken again later, as a retried start or a recovered job would
		int again = new ClaimTable(database.jdbc(), Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC)).claimAll(id,
				KIND);

		// then: nothing changed, not even when they were taken
		assertThat(again).isZero();
		assertThat(claims.list(id)).isEqualTo(before).allSatisfy((claim) -> {
			assertThat(claim.claimedAt()).isEqualTo(NOW);
		});
		assertThat(claims.heldByOthers(id, KIND)).isEmpty();
	}

	@Test
	void skipHeldByOthersSkipsOnlyThePendingClustersOthersHold() {
		// given: the holder has db-1 to db-4, and a Deployment release has db-6
		String holder = release(ReleaseState.RUNNING, planned("canary", 1, "ns-1", "db-1"),
				planned("canary", 1, "ns-1", "db-2"), planned("main", 1, "ns-1", "db-3"),
				planned("main", 1, "ns-1", "db-4"));
		assertThat(claims.claimAll(holder, KIND)).isEqualTo(4);
		String deployments = release(ReleaseState.RUNNING, planned("canary", 1, "ns-1", "db-6"));
		assertThat(claims.claimAll(deployments, "Deployment")).isOne();
		// the release over db-1 to db-6: db-3 already current, db-4 failed (neither
		// pending), db-5 free, db-6 held only as a Deployment
		String id = release(ReleaseState.STARTING, planned("canary", 1, "ns-1", "db-1"),
				planned("canary", 1, "ns-1", "db-2"), planned("main", 0, "ns-1", "db-3"),
				planned("main", 1, "ns-1", "db-4"), planned("main", 1, "ns-1", "db-5"),
				planned("main", 1, "ns-1", "db-6"));
		assertThat(clusters.recordOutcome(id, new ClusterRef(this.context, "ns-1", "db-4", null),
				new UpgradeResult(Outcome.FAILED, "24.8", "not ready", true)))
			.isTrue();
		assertThat(claims.claimAll(id, KIND)).isEqualTo(2);

		// when
		int skipped = claims.skipHeldByOthers(id, KIND);

		// then
		assertThat(skipped).isEqualTo(2);
		assertThat(rows.clusters(id)).extracting(ClusterRow::name, ClusterRow::state, ClusterRow::reason)
			.containsExactly(tuple("db-1", ClusterState.SKIPPED_CLAIMED, "held by release " + holder),
					tuple("db-2", ClusterState.SKIPPED_CLAIMED, "held by release " + holder),
					tuple("db-3", ClusterState.ALREADY_CURRENT, null), tuple("db-4", ClusterState.FAILED, "not ready"),
					tuple("db-5", ClusterState.PENDING, null), tuple("db-6", ClusterState.PENDING, null));
		// the holder's own rows are untouched
		assertThat(rows.clusters(holder)).extracting(ClusterRow::state).containsOnly(ClusterState.PENDING);
		// and skipping again finds nothing pending to skip
		assertThat(claims.skipHeldByOthers(id, KIND)).isZero();
		assertThat(claims.skipHeldByOthers(holder, KIND)).isZero();
	}

	@ParameterizedTest
	@EnumSource(value = ReleaseState.class, names = { "COMPLETED", "CANCELLED" })
	void aReleaseThatEndsLetsItsClaimsGo(ReleaseState terminal) {
		// given: a release about to end, and another release holding other clusters
		ReleaseState from = (terminal == ReleaseState.COMPLETED) ? ReleaseState.RUNNING : ReleaseState.CANCELLING;
		String id = release(from, planned("canary", 1, "ns-1", "db-1"), planned("main", 1, "ns-1", "db-2"));
		String other = release(ReleaseState.RUNNING, planned("canary", 1, "ns-1", "db-2"),
				planned("canary", 1, "ns-1", "db-3"));
		assertThat(claims.claimAll(id, KIND)).isEqualTo(2);
		assertThat(claims.claimAll(other, KIND)).isOne();

		// when
		boolean changed = releases.changeState(id, Set.of(from), terminal, "ended");

		// then
		assertThat(changed).isTrue();
		assertThat(rows.state(id)).isEqualTo(terminal);
		assertThat(claims.list(id)).isEmpty();
		assertThat(claims.list(other)).extracting(Claim::cluster).containsExactly(key("ns-1", "db-3"));
		// and the clusters are free for the other release now
		assertThat(claims.heldByOthers(other, KIND)).isEmpty();
		assertThat(claims.claimAll(other, KIND)).isOne();
		assertThat(claims.list(other)).extracting(Claim::cluster)
			.containsExactly(key("ns-1", "db-2"), key("ns-1", "db-3"));
	}

	@Test
	void aTerminalChangeThatDoesNotHappenKeepsTheClaims() {
		// given: a cancel won while the job was about to complete
		String id = release(ReleaseState.CANCELLING, planned("canary", 1, "ns-1", "db-1"));
		assertThat(claims.claimAll(id, KIND)).isOne();

		// when
		boolean changed = releases.changeState(id, Set.of(ReleaseState.RUNNING), ReleaseState.COMPLETED, null);

		// then
		assertThat(changed).isFalse();
		assertThat(rows.state(id)).isEqualTo(ReleaseState.CANCELLING);
		assertThat(claims.list(id)).extracting(Claim::cluster).containsExactly(key("ns-1", "db-1"));
	}

	@Test
	void aChangeToAStateThatIsNotTerminalKeepsTheClaims() {
		// given
		String id = release(ReleaseState.RUNNING, planned("canary", 1, "ns-1", "db-1"),
				planned("main", 1, "ns-1", "db-2"));
		assertThat(claims.claimAll(id, KIND)).isEqualTo(2);
		List<Claim> before = claims.list(id);

		// when
		boolean paused = releases.changeState(id, Set.of(ReleaseState.RUNNING), ReleaseState.PAUSED, "paused");
		boolean resumed = releases.changeState(id, Set.of(ReleaseState.PAUSED), ReleaseState.RUNNING, "resumed");
		boolean failed = releases.changeState(id, Set.of(ReleaseState.RUNNING), ReleaseState.FAILED, "boom");

		// then
		assertThat(paused).isTrue();
		assertThat(resumed).isTrue();
		assertThat(failed).isTrue();
		assertThat(rows.state(id)).isEqualTo(ReleaseState.FAILED);
		assertThat(claims.list(id)).hasSize(2).isEqualTo(before);
	}

	@Test
	void claimStageTakesOnlyThePendingClustersOfTheStage() {
		// given: a release that held nothing yet (its holder let go), with canary rows
		// pending, already current and failed, and a main stage
		String id = release(ReleaseState.RUNNING, planned("canary", 1, "ns-1", "db-1"),
				planned("canary", 1, "ns-1", "db-2"), planned("canary", 0, "ns-1", "db-3"),
				planned("canary", 1, "ns-1", "db-4"), planned("canary", 2, "ns-2", "db-1"),
				planned("main", 1, "ns-1", "db-5"));
		assertThat(clusters.recordOutcome(id, new ClusterRef(this.context, "ns-1", "db-4", null),
				new UpgradeResult(Outcome.FAILED, "24.8", "not ready", true)))
			.isTrue();
		// and another release still holds db-2 of canary, and db-5 of main
		String other = release(ReleaseState.RUNNING, planned("canary", 1, "ns-1", "db-2"),
				planned("main", 1, "ns-1", "db-5"));
		assertThat(claims.claimAll(other, KIND)).isEqualTo(2);

		// when
		claims.claimStage(id, KIND, "canary");

		// then
		assertThat(claims.list(id)).containsExactly(claim("ns-1", "db-1", id), claim("ns-2", "db-1", id));
		assertThat(claims.heldByOthers(id, KIND, "canary")).containsExactly(claim("ns-1", "db-2", other));
		assertThat(claims.heldByOthers(id, KIND, "main")).containsExactly(claim("ns-1", "db-5", other));
		assertThat(claims.heldByOthers(id, KIND)).extracting(Claim::cluster)
			.containsExactly(key("ns-1", "db-2"), key("ns-1", "db-5"));

		// when the other release ends, the stage takes what it let go, and again is
		// harmless
		assertThat(releases.changeState(other, Set.of(ReleaseState.RUNNING), ReleaseState.COMPLETED, null)).isTrue();
		claims.claimStage(id, KIND, "canary");
		claims.claimStage(id, KIND, "canary");

		// then: main's cluster is left for main's turn
		assertThat(claims.list(id)).extracting(Claim::cluster)
			.containsExactly(key("ns-1", "db-1"), key("ns-1", "db-2"), key("ns-2", "db-1"));
		assertThat(claims.heldByOthers(id, KIND, "canary")).isEmpty();
		assertThat(claims.heldByOthers(id, KIND, "main")).isEmpty();
		claims.claimStage(id, KIND, "main");
		assertThat(claims.list(id)).extracting(Claim::cluster)
			.containsExactly(key("ns-1", "db-1"), key("ns-1", "db-2"), key("ns-1", "db-5"), key("ns-2", "db-1"));
	}

	@Test
	void heldByOthersOfAStageLooksOnlyAtItsPendingClusters() {
		// given: another release holds db-1 (pending in canary), db-2 (failed in canary)
		// and db-3 (pending in main)
		String id = release(ReleaseState.RUNNING, planned("canary", 1, "ns-1", "db-1"),
				planned("canary", 1, "ns-1", "db-2"), planned("main", 1, "ns-1", "db-3"));
		assertThat(clusters.recordOutcome(id, new ClusterRef(this.context, "ns-1", "db-2", null),
				new UpgradeResult(Outcome.FAILED, "24.8", "not ready", true)))
			.isTrue();
		String other = release(ReleaseState.RUNNING, planned("canary", 1, "ns-1", "db-1"),
				planned("canary", 1, "ns-1", "db-2"), planned("canary", 1, "ns-1", "db-3"));
		assertThat(claims.claimAll(other, KIND)).isEqualTo(3);

		// when / then
		assertThat(claims.heldByOthers(id, KIND, "canary")).extracting(Claim::cluster)
			.containsExactly(key("ns-1", "db-1"));
		assertThat(claims.heldByOthers(id, KIND, "main")).extracting(Claim::cluster)
			.containsExactly(key("ns-1", "db-3"));
		assertThat(claims.heldByOthers(id, KIND, "no-such-stage")).isEmpty();
		assertThat(claims.heldByOthers(id, "Deployment", "canary")).isEmpty();
	}

	@Test
	void listWithoutAHolderHasEveryClaimByCluster() {
		// given
		String a = release(ReleaseState.RUNNING, planned("canary", 1, "ns-2", "db-1"));
		String b = release(ReleaseState.RUNNING, planned("canary", 1, "ns-1", "db-9"));
		claims.claimAll(a, KIND);
		claims.claimAll(b, KIND);

		// when
		List<Claim> all = claims.list(null);

		// then: other tests' claims may be there too
		assertThat(all.stream().filter((claim) -> claim.context().equals(this.context)).toList())
			.containsExactly(claim("ns-1", "db-9", b), claim("ns-2", "db-1", a));
		assertThat(claims.list("no-such-release")).isEmpty();
	}

	@Test
	void twoReleasesClaimingOverlappingClustersAtOnceNeverDeadlockAndNeverShareOne() throws Exception {
		for (int round = 1; round <= RACE_ROUNDS; round++) {
			race(round);
		}
	}

	/**
	 * One round: two start transactions insert their rows in opposite orders, line up,
	 * and take their clusters at the same moment.
	 */
	private void race(int round) throws Exception {
		// given: x wants db-000 to db-079, y db-020 to db-099, over two namespaces, and
		// each inserts its rows in the opposite order of the other
		String context = this.context + "-" + round;
		List<PlannedCluster> wantedByX = new ArrayList<>();
		List<PlannedCluster> wantedByY = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			PlannedCluster cluster = new PlannedCluster("canary", "a", 1,
					new ClusterRef(context, "ns-" + (i % 2), "db-%03d".formatted(i), "24.8"));
			if (i < 80) {
				wantedByX.add(cluster);
			}
			if (i >= 20) {
				wantedByY.add(cluster);
			}
		}
		Collections.reverse(wantedByY);
		String x = newId();
		String y = newId();
		CountDownLatch lineUp = new CountDownLatch(2);

		// when
		Future<Start> startX = threads.submit(() -> start(x, wantedByX, lineUp));
		Future<Start> startY = threads.submit(() -> start(y, wantedByY, lineUp));
		Start resultX = outcome(round, x, startX);
		Start resultY = outcome(round, y, startY);

		// then: each start saw, in its own transaction, who holds what it did not take
		for (Start start : List.of(resultX, resultY)) {
			assertThat(start.taken() + start.heldByOthers().size()).as("round %d: release %s", round, start.id())
				.isEqualTo(80);
			String other = (start == resultX) ? y : x;
			assertThat(start.heldByOthers()).as("round %d: release %s", round, start.id())
				.allSatisfy((claim) -> assertThat(claim.holderId()).isEqualTo(other));
		}
		// every cluster is held, by exactly one release that wants it
		List<Claim> byX = claims.list(x);
		List<Claim> byY = claims.list(y);
		assertThat(resultX.taken() + resultY.taken()).as("round %d", round).isEqualTo(100);
		assertThat(byX).as("round %d", round).hasSize(resultX.taken());
		assertThat(byY).as("round %d", round).hasSize(resultY.taken());
		Set<String> held = new HashSet<>();
		byX.forEach((claim) -> held.add(claim.cluster()));
		byY.forEach(
				(claim) -> assertThat(held.add(claim.cluster())).as("round %d: %s held twice", round, claim).isTrue());
		assertThat(held).as("round %d", round).hasSize(100);
		assertThat(byX).as("round %d", round)
			.extracting(Claim::cluster)
			.isSubsetOf(wantedByX.stream().map((cluster) -> cluster.cluster().key()).toList());
		assertThat(byY).as("round %d", round)
			.extracting(Claim::cluster)
			.isSubsetOf(wantedByY.stream().map((cluster) -> cluster.cluster().key()).toList());
		assertThat(claims.list(null)).as("round %d", round)
			.filteredOn((claim) -> claim.context().equals(context))
			.hasSize(100);
	}

	/**
	 * What {@code SimpleReleaseService.start} does in its transaction, lined up with the
	 * other start just before the claims are taken.
	 */
	private Start start(String id, List<PlannedCluster> wanted, CountDownLatch lineUp) {
		return transaction.execute((status) -> {
			ReleaseRecord release = record(id, ReleaseState.STARTING);
			releases.insert(release);
			clusters.insert(release, wanted);
			lineUp.countDown();
			try {
				if (!lineUp.await(30, TimeUnit.SECONDS)) {
					throw new IllegalStateException("the other start never lined up");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			int taken = claims.claimAll(id, KIND);
			return new Start(id, taken, claims.heldByOthers(id, KIND));
		});
	}

	private static Start outcome(int round, String id, Future<Start> start)
			throws InterruptedException, TimeoutException {
		try {
			return start.get(60, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return fail("round %d: the start of release %s failed: %s".formatted(round, id, ex.getCause()),
					ex.getCause());
		}
	}

	/**
	 * Inserts a release in the state, with clusters of this test's context, and returns
	 * its id.
	 */
	private String release(ReleaseState state, PlannedCluster... planned) {
		String id = newId();
		ReleaseRecord release = record(id, state);
		releases.insert(release);
		clusters.insert(release, List.of(planned));
		return id;
	}

	private PlannedCluster planned(String stage, int wave, String namespace, String name) {
		return new PlannedCluster(stage, "a", wave, new ClusterRef(this.context, namespace, name, "24.8"));
	}

	private Claim claim(String namespace, String name, String holder) {
		return new Claim(this.context, namespace, KIND, name, Claim.RELEASE, holder, NOW);
	}

	private String key(String namespace, String name) {
		return this.context + "/" + namespace + "/" + name;
	}

	private static ReleaseRecord record(String id, ReleaseState state) {
		return new ReleaseRecord(id, "plan", "plan.yaml", "name: plan\n", "25.3", state, null, "tester", CREATED,
				CREATED, null, null, null);
	}

	private static String newId() {
		return "rel-%04d".formatted(ids.incrementAndGet());
	}

	/**
	 * What one start took, and the claims of others it saw in its own transaction.
	 */
	private record Start(String id, int taken, List<Claim> heldByOthers) {

	}

}
