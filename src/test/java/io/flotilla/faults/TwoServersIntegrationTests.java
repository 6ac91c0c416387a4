package io.flotilla.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.flotilla.control.ReleaseState;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ReleaseTables;
import io.flotilla.support.ReleaseTables.ClusterRow;
import io.flotilla.support.ServerProcess;
import io.flotilla.support.TestDatabases;
import io.flotilla.support.TestHttp.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Two servers on one database: the second never recovers or restarts a release the first
 * one runs, and takes it over once the first one is gone; and of two releases over the
 * same clusters started on both at once, exactly one starts.
 */
class TwoServersIntegrationTests {

	private static final Pattern NEVER_FAILS = Pattern.compile("(?!)");

	@TempDir
	Path directory;

	@RegisterExtension
	final ServerHarness harness = new ServerHarness("fault-logs");

	@Test
	void aSecondServerLeavesARunningReleaseToItsOwnerAndTakesOverWhenTheOwnerDies() {
		// given a release running on one server, and a second server on the same database
		SandboxFleet fleet = this.harness.startFleet(SandboxOptions.defaults()
			.withClusters(240)
			.withRegionCount(2)
			.withFailRate(0.0)
			.withSlowRate(0.0)
			.withPodRestart(Duration.ofMillis(150))
			.withSeed(21)
			.withDirectory(this.directory));
		FaultRelease release = this.harness.release("two-servers");
		ServerProcess first = this.harness.startServer("two-servers-1");
		// no bakes: a bake's timer may fire on either server, as Quartz clustering
		// means it to, so the release could rightly move without a server dying
		release.start(first, release.plan(Duration.ZERO, 1, 1, Duration.ofSeconds(30), "0"));
		await("release running on the first server").atMost(Duration.ofSeconds(60)).until(() -> release.done() > 0);
		ServerProcess second = this.harness.startServer("two-servers-2");

		// then, while the second server's recovery and two rounds of its watchdog (every
		// 5 s) look at the release, its one execution stays on the first server
		String firstServer = "/" + first.pid() + "/";
		await("the first server keeps the release through two watchdog rounds").during(Duration.ofSeconds(11))
			.atMost(Duration.ofSeconds(13))
			.until(() -> release.owner().contains(firstServer));
		assertThat(second.logTail(10_000)).doesNotContain("recovering execution")
			.contains("runs on another live server");

		// when the first server dies
		first.kill();

		// then the second one finishes the release, each cluster patched once
		await("release completed by the second server").atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> release.state() == ReleaseState.COMPLETED);
		assertThat(release.owner()).contains("/" + second.pid() + "/");
		release.assertInvariants((reason) -> NEVER_FAILS.matcher(reason).find());
	}

	@Test
	void ofTwoReleasesOverTheSameClustersStartedOnTwoServersAtOnceExactlyOneStarts() throws Exception {
		// given two servers on one database, and two releases of a plan that waits for
		// approval before its first stage, so the one that starts keeps its clusters
		SandboxFleet fleet = this.harness.startFleet(SandboxOptions.defaults()
			.withClusters(12)
			.withRegionCount(2)
			.withFailRate(0.0)
			.withSlowRate(0.0)
			.withSeed(22)
			.withDirectory(this.directory));
		FaultRelease release = this.harness.release("claims-a");
		ServerProcess first = this.harness.startServer("claims-1");
		ServerProcess second = this.harness.startServer("claims-2");
		String plan = release.plan(Duration.ZERO, 1, 1, Duration.ofSeconds(30), "0") + "approval: required\n";
		List<String> ids = List.of(release.id(), "claims-b");
		ReleaseTables tables = new ReleaseTables(TestDatabases.client(release.jdbcUrl()));

		// when both servers are asked at the same moment
		ExecutorService threads = Executors.newFixedThreadPool(2);
		this.harness.closeLast(threads::shutdownNow);
		CountDownLatch ready = new CountDownLatch(2);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Response>> answers = new ArrayList<>();
		List<ServerProcess> servers = List.of(first, second);
		for (int i = 0; i < 2; i++) {
			ServerProcess server = servers.get(i);
			Map<String, String> request = Map.of("planFile", "claims.yaml", "planText", plan, "id", ids.get(i),
					"startedBy", "claims-test");
			answers.add(threads.submit(() -> {
				ready.countDown();
				go.await();
				return server.post("/api/releases", request);
			}));
		}
		assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
		go.countDown();
		Response toFirst = answers.get(0).get(60, TimeUnit.SECONDS);
		Response toSecond = answers.get(1).get(60, TimeUnit.SECONDS);

		// then exactly one starts, and the other is refused naming the one that did
		String bodies = "first: " + toFirst.status() + " " + toFirst.body() + "\nsecond: " + toSecond.status() + " "
				+ toSecond.body();
		assertThat(List.of(toFirst.status(), toSecond.status())).as(bodies).containsExactlyInAnyOrder(201, 409);
		boolean firstWon = toFirst.status() == 201;
		String winner = ids.get(firstWon ? 0 : 1);
		String loser = ids.get(firstWon ? 1 : 0);
		Response refusal = firstWon ? toSecond : toFirst;
		int clusters = fleet.clusterCount();
		assertThat(refusal.json().get("detail").asString()).as(bodies)
			.startsWith("release " + loser + " not started: " + clusters + " of its " + clusters
					+ " clusters are held by other active releases: " + clusters + " clusters held by release " + winner
					+ " (");
		assertThat((firstWon ? toFirst : toSecond).json().get("id").asString()).isEqualTo(winner);

		// the winner holds every cluster of its rows, as both servers say, and the loser
		// left nothing behind
		List<String> winnersClusters = tables.clusters(winner).stream().map(ClusterRow::key).toList();
		assertThat(winnersClusters).hasSize(clusters);
		for (ServerProcess server : servers) {
			assertThat(claims(server)).as("claims on server %d", server.pid())
				.extracting((claim) -> claim.get("holderType").asString(), (claim) -> claim.get("holderId").asString())
				.containsOnly(tuple("release", winner));
			assertThat(claims(server)).extracting(TwoServersIntegrationTests::cluster)
				.containsExactlyInAnyOrderElementsOf(winnersClusters);
			Response lost = server.get("/api/releases/" + loser);
			assertThat(lost.status()).as(lost.body()).isEqualTo(404);
			assertThat(server.get("/api/claims?release=" + loser).status()).isEqualTo(404);
		}
		assertThat(tables.releaseCount()).isOne();
		assertThat(tables.clusters(loser)).isEmpty();

		// and the winner, waiting for approval, keeps its clusters until it is cancelled
		await("release " + winner + " waiting for approval").atMost(Duration.ofSeconds(30))
			.until(() -> tables.state(winner) == ReleaseState.AWAITING_APPROVAL);
		assertThat(claims(first)).hasSize(clusters);
		Response cancel = first.post("/api/releases/" + winner + "/cancel", Map.of("by", "test", "reason", "cleanup"));
		assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
		assertThat(tables.state(winner)).isEqualTo(ReleaseState.CANCELLED);
		assertThat(claims(second)).isEmpty();
	}

	private static List<JsonNode> claims(ServerProcess server) {
		Response response = server.get("/api/claims");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<JsonNode> claims = new ArrayList<>();
		response.json().forEach(claims::add);
		return claims;
	}

	private static String cluster(JsonNode claim) {
		return claim.get("context").asString() + "/" + claim.get("namespace").asString() + "/"
				+ claim.get("name").asString();
	}

}
