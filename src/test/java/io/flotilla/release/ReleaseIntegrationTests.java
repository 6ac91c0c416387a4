package io.flotilla.release;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.sandbox.SandboxPlans;
import io.flotilla.support.ReleaseTables.ClusterRow;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import static io.flotilla.support.TestActors.operator;

/**
 * Releases run by the real server against a sandbox fleet: a healthy fleet in seven
 * regions (each test rolls out in regions of its own) and, beside it, a fleet in regions
 * {@code faulty-1} and {@code faulty-2} where some clusters never become ready. Both are
 * reached through one kubeconfig.
 */
class ReleaseIntegrationTests extends ServerUnderTest {

	private static final String TARGET = "25.3";

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(56, SandboxOptions.regions(7)),
			TestFleets.healthy(20, List.of("faulty-1", "faulty-2")).withFailRate(0.3),
			TestFleets.healthy(24, List.of("versions-1", "versions-2")),
			TestFleets.healthy(8, List.of("slow-1")).withPodRestart(Duration.ofSeconds(1)));

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	@Test
	void twoStagesWithABakeRunEndToEndAndTheSecondStageWaitsForTheBake() {
		// given
		String plan = TestPlans.plan("two-stages", """
				defaults:
				  waveSize: 10
				  parallelism: 10
				  readyTimeout: 30s
				stages:
				  - name: first
				    bake: 3s
				    groups:
				      - name: us-east-1
				        contexts: [us-east-1]
				  - name: second
				    groups:
				      - name: eu-west-1
				        contexts: [eu-west-1]
				""");
		List<ReleaseState> observed = new ArrayList<>();

		// when
		this.releases.start("two-stages.yaml", plan, "two-stages", operator("tester"));

		// then: it runs the first stage, then bakes without touching the second
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> {
			ReleaseState state = this.releases.status("two-stages").state();
			if (observed.isEmpty() || observed.get(observed.size() - 1) != state) {
				observed.add(state);
			}
			return state == ReleaseState.BAKING;
		});
		assertThat(observed).containsSubsequence(ReleaseState.RUNNING, ReleaseState.BAKING)
			.doesNotContain(ReleaseState.COMPLETED, ReleaseState.PAUSED, ReleaseState.FAILED);
		ReleaseStatus baking = this.releases.status("two-stages");
		StageProgress first = baking.stages().get(0);
		StageProgress second = baking.stages().get(1);
		assertThat(first.bakeUntil()).isAfter(Instant.now());
		assertThat(first.pending()).isZero();
		assertThat(baking.reason()).isEqualTo("stage first baking until " + first.bakeUntil());
		assertThat(second.bakeUntil()).isNull();
		assertThat(second.pending() + second.alreadyCurrent()).isEqualTo(second.clusters());
		List<ClusterRow> secondRows = this.tables.clusters("two-stages", "second");
		assertThat(secondRows).isNotEmpty()
			.allSatisfy((row) -> assertThat(patchCount(row)).as("PATCHes of %s while baking", row.key()).isZero());

		// and then it completes after the bake
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(this.releases.status("two-stages").state()).isEqualTo(ReleaseState.COMPLETED));
		ReleaseStatus completed = this.releases.status("two-stages");
		assertThat(completed.reason()).isNull();
		assertThat(completed.stages()).allSatisfy((stage) -> {
			assertThat(stage.pending()).isZero();
			assertThat(stage.failed()).isZero();
			assertThat(stage.upgraded() + stage.alreadyCurrent()).isEqualTo(stage.clusters()).isPositive();
		});
		List<ClusterRow> rows = this.tables.clusters("two-stages");
		assertThat(rows.stream().map(ClusterRow::key))
			.containsExactlyInAnyOrderElementsOf(liveKeys("us-east-1", "eu-west-1"));
		assertThat(rows).extracting(ClusterRow::state).contains(ClusterState.UPGRADED, ClusterState.ALREADY_CURRENT);
		assertThat(rows).allSatisfy((row) -> {
			assertThat(row.state())
				.isEqualTo(TARGET.equals(row.fromVersion()) ? ClusterState.ALREADY_CURRENT : ClusterState.UPGRADED);
			assertThat(liveVersion(row)).as("live version of %s", row.key()).isEqualTo(TARGET);
			assertThat(patchCount(row)).as("PATCHes of %s", row.key())
				.isEqualTo(row.state() == ClusterState.UPGRADED ? 1 : 0);
		});
		Instant bakeUntil = this.tables.bakeUntil("two-stages", "first");
		assertThat(this.tables.clusters("two-stages", "second"))
			.filteredOn((row) -> row.state() == ClusterState.UPGRADED)
			.isNotEmpty()
			.allSatisfy((row) -> assertThat(row.updatedAt()).isAfterOrEqualTo(bakeUntil));
		assertThat(patchedKeysIn("us-east-1", "eu-west-1")).containsExactlyInAnyOrderElementsOf(
				rows.stream().filter((row) -> row.state() == ClusterState.UPGRADED).map(ClusterRow::key).toList());
	}

	@Test
	void aBreachedFailureBudgetPausesTheReleaseAndResumeGoesOnWithoutRetryingTheFailedClusters() {
		// given
		String plan = TestPlans.plan("budget", """
				defaults:
				  waveSize: 20
				  parallelism: 20
				stages:
				  - name: faulty
				    readyTimeout: 1s
				    failureBudget: 0
				    groups:
				      - name: faulty-1
				        contexts: [faulty-1]
				  - name: after
				    readyTimeout: 30s
				    groups:
				      - name: eu-central-1
				        contexts: [eu-central-1]
				""");

		// when
		this.releases.start("budget.yaml", plan, "budget", operator("tester"));

		// then
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(this.releases.status("budget").state()).isEqualTo(ReleaseState.BUDGET_EXCEEDED));
		List<ClusterRow> failed = this.tables.clusters("budget", "faulty")
			.stream()
			.filter((row) -> row.state() == ClusterState.FAILED)
			.toList();
		assertThat(failed).isNotEmpty().allSatisfy((row) -> assertThat(row.reason()).startsWith("not ready after 1s"));
		ReleaseStatus paused = this.releases.status("budget");
		assertThat(paused.reason())
			.isEqualTo("stage faulty paused: " + failed.size() + " failed clusters over the budget of 0");
		assertThat(paused.stages().get(0).failed()).isEqualTo(failed.size());
		assertThat(paused.stages().get(0).failures()).extracting(ClusterFailure::cluster)
			.containsExactlyElementsOf(failed.stream().map(ClusterRow::key).toList());
		List<ClusterRow> after = this.tables.clusters("budget", "after");
		assertThat(after).isNotEmpty()
			.allSatisfy((row) -> assertThat(row.state()).isIn(ClusterState.PENDING, ClusterState.ALREADY_CURRENT))
			.anySatisfy((row) -> assertThat(row.state()).isEqualTo(ClusterState.PENDING));
		assertThat(patchedKeysIn("eu-central-1")).isEmpty();

		// when
		this.releases.signal("budget", Signal.RESUME, operator("tester"), null);

		// then
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.releases.status("budget").state()).isEqualTo(ReleaseState.COMPLETED));
		assertThat(this.tables.clusters("budget", "faulty")).filteredOn((row) -> row.state() == ClusterState.FAILED)
			.containsExactlyElementsOf(failed);
		assertThat(failed).allSatisfy((row) -> assertThat(patchCount(row)).as("PATCHes of %s", row.key()).isEqualTo(1));
		assertThat(this.tables.clusters("budget", "after")).allSatisfy((row) -> {
			assertThat(row.state()).isIn(ClusterState.UPGRADED, ClusterState.ALREADY_CURRENT);
			assertThat(liveVersion(row)).isEqualTo(TARGET);
		});
		assertThat(this.releases.status("budget").stages().get(0).failures()).hasSize(failed.size());
	}

	@Test
	void eachGroupStartsWithACanaryWaveOfOneThenWavesOfTheWaveSizeInClusterOrder() {
		// given
		String plan = TestPlans.plan("waves", """
				defaults:
				  readyTimeout: 30s
				stages:
				  - name: canary
				    firstWaveSize: 1
				    waveSize: 3
				    parallelism: 3
				    groups:
				      - name: south
				        contexts: [ap-south-1]
				      - name: north
				        contexts: [ap-northeast-1]
				""");
		Map<Integer, List<String>> expectedSouth = expectedWaves("ap-south-1", 1, 3);
		Map<Integer, List<String>> expectedNorth = expectedWaves("ap-northeast-1", 1, 3);

		// when
		this.releases.start("waves.yaml", plan, "waves", operator("tester"));

		// then
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.releases.status("waves").state()).isEqualTo(ReleaseState.COMPLETED));
		List<ClusterRow> rows = this.tables.clusters("waves");
		assertThat(expectedSouth.keySet()).as("waves of south").contains(1, 2, 3);
		assertThat(waves(rows, "south")).isEqualTo(expectedSouth);
		assertThat(waves(rows, "north")).isEqualTo(expectedNorth);
		for (String group : List.of("south", "north")) {
			Map<Integer, List<ClusterRow>> byWave = rows.stream()
				.filter((row) -> row.group().equals(group) && row.wave() > 0)
				.collect(Collectors.groupingBy(ClusterRow::wave, TreeMap::new, Collectors.toList()));
			assertThat(byWave.get(1)).as("canary of %s", group).hasSize(1);
			List<Integer> numbers = new ArrayList<>(byWave.keySet());
			for (int i = 1; i < numbers.size(); i++) {
				Instant previousDone = latest(byWave.get(numbers.get(i - 1)));
				assertThat(byWave.get(numbers.get(i))).as("wave %d of %s", numbers.get(i), group)
					.allSatisfy((row) -> assertThat(row.updatedAt()).isAfterOrEqualTo(previousDone));
			}
		}
		assertThat(rows)
			.allSatisfy((row) -> assertThat(row.state()).isIn(ClusterState.UPGRADED, ClusterState.ALREADY_CURRENT));
	}

	@Test
	void theReleaseRunsThePlanTextItStartedWithWhateverHappensToTheFileLater() throws Exception {
		// given
		String original = TestPlans.plan("snapshot", """
				defaults:
				  readyTimeout: 30s
				stages:
				  - name: one
				    bake: 1s
				    groups:
				      - name: us-west-2
				        contexts: [us-west-2]
				  - name: two
				    groups:
				      - name: sa-east-1
				        contexts: [sa-east-1]
				""");
		Path file = Files.createTempDirectory("flotilla-plans").resolve("snapshot.yaml");
		Files.writeString(file, original);

		// when
		TestHttp.Response started = this.http.post("/api/releases",
				Map.of("planFile", file.toString(), "planText", Files.readString(file), "id", "snapshot"));
		Files.writeString(file, original.replace("target: \"25.3\"", "target: \"99.1\"")
			.replace("contexts: [sa-east-1]", "contexts: [us-east-1]"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.releases.status("snapshot").state()).isEqualTo(ReleaseState.BAKING));
		Files.delete(file);

		// then
		assertThat(started.status()).isEqualTo(201);
		assertThat(this.tables.planText("snapshot")).isEqualTo(original);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(this.releases.status("snapshot").state()).isEqualTo(ReleaseState.COMPLETED));
		ReleaseStatus status = this.http.get("/api/releases/snapshot").as(ReleaseStatus.class);
		assertThat(status.planFile()).isEqualTo(file.toString());
		assertThat(status.targetVersion()).isEqualTo(TARGET);
		assertThat(this.tables.planText("snapshot")).isEqualTo(original);
		List<ClusterRow> rows = this.tables.clusters("snapshot");
		assertThat(rows.stream().map(ClusterRow::key))
			.containsExactlyInAnyOrderElementsOf(liveKeys("us-west-2", "sa-east-1"));
		assertThat(rows).allSatisfy((row) -> assertThat(liveVersion(row)).isEqualTo(TARGET));
		Instant bakeUntil = this.tables.bakeUntil("snapshot", "one");
		assertThat(rows).filteredOn((row) -> row.stage().equals("two") && row.state() == ClusterState.UPGRADED)
			.isNotEmpty()
			.allSatisfy((row) -> assertThat(row.updatedAt()).isAfterOrEqualTo(bakeUntil));
	}

	@Test
	void aClusterAtTheTargetButNotReadyIsAwaitedAndFailsInsteadOfCountingAsCurrent() {
		// given: a first release leaves the clusters that never get ready at the target,
		// failed
		String plan = TestPlans.plan("unready", """
				defaults:
				  readyTimeout: 1s
				  failureBudget: "100%"
				stages:
				  - name: all
				    groups:
				      - name: faulty-2
				        contexts: [faulty-2]
				""");
		this.releases.start("unready.yaml", plan, "unready-1", operator("tester"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.releases.status("unready-1").state()).isEqualTo(ReleaseState.COMPLETED));
		List<String> unready = this.tables.clusters("unready-1")
			.stream()
			.filter((row) -> row.state() == ClusterState.FAILED)
			.map(ClusterRow::key)
			.toList();
		assertThat(unready).as("clusters the first release left at the target but not ready").isNotEmpty();
		Map<String, Integer> patchesBefore = fleets.patchCounts();

		// when: the same plan is released again
		this.releases.start("unready.yaml", plan, "unready-2", operator("tester"));

		// then: those clusters are awaited in a wave and fail again; only ready ones are
		// current; nothing is patched
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.releases.status("unready-2").state()).isEqualTo(ReleaseState.COMPLETED));
		List<ClusterRow> again = this.tables.clusters("unready-2");
		assertThat(again).filteredOn((row) -> unready.contains(row.key())).hasSize(unready.size()).allSatisfy((row) -> {
			assertThat(row.wave()).isPositive();
			assertThat(row.state()).isEqualTo(ClusterState.FAILED);
			assertThat(row.reason()).startsWith("not ready after 1s: readyReplicas");
		});
		assertThat(again).filteredOn((row) -> !unready.contains(row.key()))
			.isNotEmpty()
			.allSatisfy((row) -> assertThat(row.state()).isEqualTo(ClusterState.ALREADY_CURRENT));
		assertThat(fleets.patchCounts()).isEqualTo(patchesBefore);
	}

	@Test
	void clustersNewerThanTheTargetAreLeftAloneUnlessThePlanAllowsADowngrade() {
		// given: a plan to 24.5 over clusters at 24.3, 24.8 and 25.3
		String stages = """
				defaults:
				  readyTimeout: 30s
				stages:
				  - name: all
				    groups:
				      - name: %s
				        contexts: [%s]
				""";
		String keep = SandboxPlans.header("older", "24.5") + stages.formatted("versions-1", "versions-1");
		String downgrade = SandboxPlans.header("older", "24.5") + "allowDowngrade: true\n"
				+ stages.formatted("versions-2", "versions-2");

		// when
		this.releases.start("older.yaml", keep, "older-kept", operator("tester"));
		this.releases.start("older.yaml", downgrade, "older-downgraded", operator("tester"));

		// then: without allowDowngrade the newer ones are recorded with both versions and
		// not patched
		for (String id : List.of("older-kept", "older-downgraded")) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(this.releases.status(id).state()).isEqualTo(ReleaseState.COMPLETED));
		}
		List<ClusterRow> kept = this.tables.clusters("older-kept");
		List<ClusterRow> newer = kept.stream().filter((row) -> !row.fromVersion().equals("24.3")).toList();
		assertThat(newer).isNotEmpty().allSatisfy((row) -> {
			assertThat(row.state()).isEqualTo(ClusterState.SKIPPED_NEWER);
			assertThat(row.reason())
				.isEqualTo("at " + row.fromVersion() + ", newer than the target 24.5; the plan allows no downgrade");
			assertThat(patchCount(row)).isZero();
		});
		assertThat(kept).filteredOn((row) -> row.fromVersion().equals("24.3"))
			.isNotEmpty()
			.allSatisfy((row) -> assertThat(row.state()).isEqualTo(ClusterState.UPGRADED));
		assertThat(this.releases.status("older-kept").stages().get(0).skippedNewer()).isEqualTo(newer.size());
		// and with it each newer cluster is moved back, each downgrade an event
		List<ClusterRow> downgraded = this.tables.clusters("older-downgraded")
			.stream()
			.filter((row) -> !row.fromVersion().equals("24.3"))
			.toList();
		assertThat(downgraded).isNotEmpty().allSatisfy((row) -> {
			assertThat(row.state()).isEqualTo(ClusterState.UPGRADED);
			assertThat(liveVersion(row)).isEqualTo("24.5");
		});
		assertThat(this.releases.events("older-downgraded"))
			.filteredOn((event) -> event.kind().equals("cluster.downgraded"))
			.extracting(EventRecord::message)
			.hasSize(downgraded.size())
			.allSatisfy((message) -> assertThat(message).contains("downgraded in stage all from ")
				.endsWith(" to 24.5, as the plan allows"));
	}

	@Test
	void theStatusCountsTheClustersInFlightBeforeTheirWaveCommits() {
		// given
		String plan = TestPlans.plan("slow", """
				defaults:
				  readyTimeout: 30s
				  waveSize: 4
				  parallelism: 2
				stages:
				  - name: all
				    groups:
				      - name: slow-1
				        contexts: [slow-1]
				""");

		// when
		this.releases.start("slow.yaml", plan, "slow-1", operator("tester"));

		// then: while a wave rolls, its clusters show as in flight, at most the
		// parallelism, and none once the release is done
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(this.releases.status("slow-1").stages().get(0).inFlight()).isPositive());
		assertThat(this.releases.list()).filteredOn((release) -> release.id().equals("slow-1"))
			.singleElement()
			.satisfies((release) -> assertThat(release.stages().get(0).inFlight()).isBetween(0, 2));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.releases.status("slow-1").state()).isEqualTo(ReleaseState.COMPLETED));
		assertThat(this.releases.status("slow-1").stages().get(0).inFlight()).isZero();
	}

	private Map<Integer, List<String>> waves(List<ClusterRow> rows, String group) {
		Map<Integer, List<String>> waves = new TreeMap<>();
		rows.stream()
			.filter((row) -> row.group().equals(group))
			.forEach((row) -> waves.computeIfAbsent(row.wave(), (wave) -> new ArrayList<>())
				.add(row.namespace() + "/" + row.name()));
		return waves;
	}

	/**
	 * Waves worked out from the live fleet, independently of the planner: clusters at the
	 * target in wave 0, the others in namespace/name order, {@code first} in wave 1 and
	 * {@code size} in each wave after.
	 */
	private Map<Integer, List<String>> expectedWaves(String context, int first, int size) {
		Map<Integer, List<String>> waves = new TreeMap<>();
		try (KubernetesClient client = TestFleets.client(fleets.kubeconfig(), context)) {
			int position = 0;
			for (StatefulSet statefulSet : TestFleets.clusters(client, null)) {
				String key = statefulSet.getMetadata().getNamespace() + "/" + statefulSet.getMetadata().getName();
				int wave = 0;
				if (!TestFleets.version(statefulSet).equals(TARGET)) {
					wave = (position < first) ? 1 : 2 + (position - first) / size;
					position++;
				}
				waves.computeIfAbsent(wave, (number) -> new ArrayList<>()).add(key);
			}
		}
		return waves;
	}

	private static Instant latest(List<ClusterRow> rows) {
		return rows.stream().map(ClusterRow::updatedAt).max(Instant::compareTo).orElseThrow();
	}

	private static List<String> liveKeys(String... contexts) {
		List<String> keys = new ArrayList<>();
		for (String context : contexts) {
			try (KubernetesClient client = TestFleets.client(fleets.kubeconfig(), context)) {
				TestFleets.clusters(client, null)
					.forEach((statefulSet) -> keys.add(context + "/" + statefulSet.getMetadata().getNamespace() + "/"
							+ statefulSet.getMetadata().getName()));
			}
		}
		return keys;
	}

	private static String liveVersion(ClusterRow row) {
		try (KubernetesClient client = TestFleets.client(fleets.kubeconfig(), row.context())) {
			return TestFleets.liveVersion(client, row.namespace(), row.name());
		}
	}

	private static int patchCount(ClusterRow row) {
		return fleets.fleetOf(row.context()).patchCount(row.context(), row.namespace(), row.name());
	}

	private static List<String> patchedKeysIn(String... contexts) {
		Set<String> wanted = Set.of(contexts);
		return fleets.patchCounts()
			.keySet()
			.stream()
			.filter((key) -> wanted.contains(key.substring(0, key.indexOf('/'))))
			.toList();
	}

}
