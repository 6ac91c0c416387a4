package io.flotilla.release;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.release.ReleaseException.Reason;
import io.flotilla.support.ReleaseTables.ClusterRow;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp.Response;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import static io.flotilla.support.TestActors.operator;

/**
 * One release per cluster at a time: a release holds its clusters from its start until it
 * ends, and another release over them is refused, leaves them out or waits for them, as
 * its plan says. Each test works in regions of its own; a holder is a release stopped at
 * its approval gate, which holds its clusters without patching any.
 */
class ClaimIntegrationTests extends ServerUnderTest {

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(40,
			List.of("claims-refuse", "claims-race", "claims-skip", "claims-free", "claims-wait")));

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
		registry.add("flotilla.releases.claim-recheck", () -> "500ms");
	}

	@Test
	void aReleaseOverClustersAnotherHoldsIsRefusedNamingThemAndTheirHolderUntilTheHolderEnds() {
		// given
		hold("refuse-holder", "claims-refuse");
		List<String> held = keys("refuse-holder");
		Map<String, Integer> patches = fleets.patchCounts();

		// when
		Response refused = this.http.post("/api/releases",
				Map.of("planText", plan("refused", "", "claims-refuse"), "id", "refused"));

		// then: 409, nothing recorded, nothing patched
		assertThat(refused.status()).isEqualTo(409);
		String detail = refused.json().get("detail").asString();
		Matcher named = Pattern.compile("release refused not started: (\\d+) of its (\\d+) clusters are held by other"
				+ " active releases: (\\d+) clusters held by release refuse-holder \\((.+), (.+), (.+) and (\\d+) more\\);"
				+ " wait for them to end, or set onConflict: skip or onConflict: wait in the plan")
			.matcher(detail);
		assertThat(named.matches()).as(detail).isTrue();
		assertThat(List.of(named.group(1), named.group(2), named.group(3))).containsOnly(String.valueOf(held.size()));
		assertThat(held).contains(named.group(4), named.group(5), named.group(6));
		assertThat(named.group(7)).isEqualTo(String.valueOf(held.size() - 3));
		assertThat(this.http.get("/api/releases/refused").status()).isEqualTo(404);
		assertThat(fleets.patchCounts()).isEqualTo(patches);
		assertThat(this.releases.claims("refuse-holder")).extracting(Claim::cluster)
			.containsExactlyInAnyOrderElementsOf(held);
		assertThat(this.releases.claims("refuse-holder")).allSatisfy((claim) -> {
			assertThat(claim.kind()).isEqualTo("StatefulSet");
			assertThat(claim.holder()).isEqualTo("release refuse-holder");
		});

		// and when the holder is cancelled, its clusters are let go and the refused
		// release starts, and lets them go in turn when it completes
		this.releases.signal("refuse-holder", Signal.CANCEL, operator("tester"), "make room");
		assertThat(this.releases.claims("refuse-holder")).isEmpty();
		this.releases.start("refused.yaml", plan("refused", "", "claims-refuse"), "refused", operator("tester"));
		awaitState("refused", ReleaseState.COMPLETED);
		assertThat(this.releases.claims("refused")).isEmpty();
		assertThat(this.tables.clusters("refused")).extracting(ClusterRow::state)
			.containsOnly(ClusterState.UPGRADED, ClusterState.ALREADY_CURRENT)
			.contains(ClusterState.UPGRADED);
	}

	@Test
	void twoReleasesStartedAtOnceOverTheSameClustersLeaveExactlyOneHolder() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 1; round <= 5; round++) {
				// given
				CountDownLatch go = new CountDownLatch(1);
				List<Future<ReleaseStatus>> starts = new ArrayList<>();
				for (String id : List.of("race-" + round + "-a", "race-" + round + "-b")) {
					String plan = plan(id, "approval: required\n", "claims-race");
					starts.add(threads.submit(() -> {
						go.await();
						return this.releases.start("race.yaml", plan, id, operator("tester"));
					}));
				}

				// when
				go.countDown();

				// then
				List<String> winners = new ArrayList<>();
				List<String> refusals = new ArrayList<>();
				for (Future<ReleaseStatus> start : starts) {
					try {
						winners.add(start.get().id());
					}
					catch (ExecutionException ex) {
						assertThat(ex.getCause()).isInstanceOf(ReleaseException.class);
						assertThat(((ReleaseException) ex.getCause()).reason()).isEqualTo(Reason.CONFLICT);
						refusals.add(ex.getCause().getMessage());
					}
				}
				assertThat(winners).as("round %d", round).hasSize(1);
				assertThat(refusals).as("round %d", round)
					.singleElement()
					.asString()
					.contains("held by release " + winners.get(0) + " (");
				assertThat(this.releases.claims(null)).filteredOn((claim) -> claim.context().equals("claims-race"))
					.extracting(Claim::holderId)
					.hasSize(this.tables.clusters(winners.get(0)).size())
					.containsOnly(winners.get(0));
				// a winner still starting is cancelled once its execution stops: it holds
				// its clusters until then
				this.releases.signal(winners.get(0), Signal.CANCEL, operator("tester"), "next round");
				awaitState(winners.get(0), ReleaseState.CANCELLED);
				assertThat(this.releases.claims(winners.get(0))).isEmpty();
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void onConflictSkipLeavesTheHeldClustersOutWithTheirHolderAndUpgradesTheRest() {
		// given
		hold("skip-holder", "claims-skip");
		List<String> held = keys("skip-holder");
		Map<String, Integer> patches = fleets.patchCounts();

		// when
		this.releases.start("skipper.yaml", plan("skipper", "onConflict: skip\n", "claims-skip", "claims-free"),
				"skipper", operator("tester"));

		// then
		awaitState("skipper", ReleaseState.COMPLETED);
		List<ClusterRow> rows = this.tables.clusters("skipper");
		List<ClusterRow> skipped = rows.stream().filter((row) -> row.context().equals("claims-skip")).toList();
		assertThat(skipped).extracting(ClusterRow::key).containsExactlyInAnyOrderElementsOf(held);
		assertThat(skipped).filteredOn((row) -> !row.fromVersion().equals("25.3")).isNotEmpty().allSatisfy((row) -> {
			assertThat(row.state()).isEqualTo(ClusterState.SKIPPED_CLAIMED);
			assertThat(row.reason()).isEqualTo("held by release skip-holder");
		});
		assertThat(patchesIn("claims-skip")).isEqualTo(patchesIn("claims-skip", patches));
		assertThat(rows).filteredOn((row) -> row.context().equals("claims-free"))
			.extracting(ClusterRow::state)
			.contains(ClusterState.UPGRADED)
			.containsOnly(ClusterState.UPGRADED, ClusterState.ALREADY_CURRENT);
		long skippedCount = skipped.stream().filter((row) -> row.state() == ClusterState.SKIPPED_CLAIMED).count();
		assertThat(skippedCount).isPositive();
		assertThat(this.releases.status("skipper").stages().get(0).skippedClaimed()).isEqualTo((int) skippedCount);
		assertThat(this.releases.events("skipper")).filteredOn((event) -> event.kind().equals("claims.held"))
			.singleElement()
			.satisfies((event) -> assertThat(event.message())
				.startsWith(held.size() + " clusters held by release skip-holder (")
				.endsWith("left out (onConflict: skip)"));
		assertThat(this.releases.claims("skipper")).isEmpty();
		assertThat(this.releases.claims("skip-holder")).hasSize(held.size());
		this.releases.signal("skip-holder", Signal.CANCEL, operator("tester"), "done");
	}

	@Test
	void onConflictWaitHoldsTheStageUntilTheHolderLetsItsClustersGo() {
		// given
		hold("wait-holder", "claims-wait");
		Map<String, Integer> patches = fleets.patchCounts();

		// when
		this.releases.start("waiter.yaml", plan("waiter", "onConflict: wait\n", "claims-wait"), "waiter",
				operator("tester"));

		// then: the stage waits without patching, and says for which of its pending
		// clusters
		awaitState("waiter", ReleaseState.AWAITING_CLAIMS);
		long pending = this.tables.clusters("waiter")
			.stream()
			.filter((row) -> row.state() == ClusterState.PENDING)
			.count();
		assertThat(pending).isPositive();
		assertThat(this.releases.status("waiter").reason())
			.startsWith("stage all waits for %d clusters held by release wait-holder (".formatted(pending));
		assertThat(patchesIn("claims-wait")).isEqualTo(patchesIn("claims-wait", patches));
		assertThat(this.releases.claims("waiter")).isEmpty();

		// and when the holder ends, the waiter takes the clusters and rolls them out
		this.releases.signal("wait-holder", Signal.CANCEL, operator("tester"), "let it go");
		awaitState("waiter", ReleaseState.COMPLETED);
		assertThat(this.tables.clusters("waiter")).extracting(ClusterRow::state)
			.contains(ClusterState.UPGRADED)
			.containsOnly(ClusterState.UPGRADED, ClusterState.ALREADY_CURRENT);
		assertThat(this.releases.events("waiter")).extracting(EventRecord::kind)
			.containsSubsequence("release.started", "claims.held", "claims.held", "stage.started", "release.ended");
		assertThat(this.releases.claims("waiter")).isEmpty();
	}

	/**
	 * Starts a release over the regions that stops at its approval gate, holding their
	 * clusters.
	 */
	private void hold(String id, String... contexts) {
		this.releases.start(id + ".yaml", plan(id, "approval: required\n", contexts), id, operator("tester"));
		awaitState(id, ReleaseState.AWAITING_APPROVAL);
	}

	private List<String> keys(String releaseId) {
		return this.tables.clusters(releaseId).stream().map(ClusterRow::key).sorted().toList();
	}

	private void awaitState(String id, ReleaseState state) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.releases.status(id).state()).isEqualTo(state));
	}

	private static int patchesIn(String context) {
		return patchesIn(context, fleets.patchCounts());
	}

	private static int patchesIn(String context, Map<String, Integer> counts) {
		return counts.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith(context + "/"))
			.mapToInt(Map.Entry::getValue)
			.sum();
	}

	private static String plan(String name, String settings, String... contexts) {
		String groups = Stream.of(contexts)
			.map((context) -> "      - name: %s%n        contexts: [%s]%n".formatted(context, context))
			.collect(Collectors.joining());
		return TestPlans.plan(name, settings + """
				defaults:
				  readyTimeout: 30s
				stages:
				  - name: all
				    groups:
				""" + groups);
	}

}
