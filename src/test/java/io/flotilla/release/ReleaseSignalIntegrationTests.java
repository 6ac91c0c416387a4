package io.flotilla.release;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.release.ReleaseException.Reason;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ReleaseTables.ClusterRow;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import static io.flotilla.support.TestActors.operator;

/**
 * Engineers steering releases run by the real server against a sandbox fleet: pause,
 * resume, continue, reset and cancel, the signals refused in the wrong state, two signals
 * at once, approval gates, and the audit log. Pods restart in 200ms so that a release is
 * still running when a signal arrives; each test rolls out in regions of its own, and
 * reset runs against a fleet in region {@code faulty-1} where some clusters never become
 * ready.
 */
class ReleaseSignalIntegrationTests extends ServerUnderTest {

	private static final String TARGET = "25.3";

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(
			TestFleets.healthy(130, SandboxOptions.regions(10)).withPodRestart(Duration.ofMillis(200)),
			TestFleets.healthy(10, List.of("faulty-1")).withFailRate(0.3));

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	@Test
	void pauseLetsTheClustersInFlightFinishStartsNoNewOneAndResumeGoesOnWhereItStopped() {
		// given: a release of small waves, well under way
		String context = "us-east-1";
		this.releases.start("pause.yaml", oneStage("pause", context, 2, 2, "30s"), "pause", operator("tester"));
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> patchCounts(context).size() >= 3);

		// when
		Instant signalled = Instant.now();
		ReleaseStatus pausing = this.releases.signal("pause", Signal.PAUSE, operator("alice"), "looks odd");

		// then: it pauses once the clusters in flight are done
		assertThat(pausing.state()).isEqualTo(ReleaseState.PAUSING);
		awaitState("pause", ReleaseState.PAUSED, Duration.ofSeconds(10));
		Instant paused = Instant.now();
		Map<String, Integer> patchedWhenPaused = patchCounts(context);
		Instant lastPatch = patchedWhenPaused.keySet()
			.stream()
			.map(this::firstPatchAt)
			.max(Instant::compareTo)
			.orElseThrow();
		Duration signalToLastPatch = Duration.between(signalled, lastPatch);
		Duration signalToPaused = Duration.between(signalled, paused);
		System.out.printf("pause: signal to last new PATCH %d ms, signal to PAUSED seen %d ms%n",
				signalToLastPatch.toMillis(), signalToPaused.toMillis());
		assertThat(signalToLastPatch).as("from the pause signal to the last new PATCH")
			.isLessThan(Duration.ofSeconds(1));
		ReleaseStatus status = this.releases.status("pause");
		assertThat(status.reason()).isEqualTo("paused by alice: looks odd");
		List<ClusterRow> rows = this.tables.clusters("pause");
		assertThat(rows).filteredOn((row) -> row.state() == ClusterState.PENDING)
			.as("clusters left for the resume")
			.isNotEmpty()
			.allSatisfy((row) -> assertThat(patchCount(row)).as("PATCHes of pending %s", row.key()).isZero());
		assertThat(rows).filteredOn((row) -> patchCount(row) > 0)
			.as("every patched cluster finished before the pause")
			.allSatisfy((row) -> assertThat(row.state()).isEqualTo(ClusterState.UPGRADED));
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(3))
			.until(() -> patchCounts(context).equals(patchedWhenPaused)
					&& this.releases.status("pause").state() == ReleaseState.PAUSED);

		// when
		ReleaseStatus resumed = this.releases.signal("pause", Signal.RESUME, operator("bob"), null);

		// then
		assertThat(resumed.state()).isIn(ReleaseState.RUNNING, ReleaseState.COMPLETED);
		awaitState("pause", ReleaseState.COMPLETED, Duration.ofSeconds(20));
		assertEveryClusterUpgradedOnce("pause", context);
		assertThat(signals("pause")).extracting(EventRecord::message)
			.containsExactly("pause by alice: looks odd (RUNNING → PAUSING)", "resume by bob (PAUSED → RUNNING)");
	}

	@Test
	void aSignalThatMakesNoSenseInTheStateIsRefusedAndChangesNothing() {
		// given: a running release
		String context = "eu-west-1";
		this.releases.start("refused.yaml", oneStage("refused", context, 2, 2, "30s"), "refused", operator("tester"));
		await().atMost(Duration.ofSeconds(10)).until(() -> !patchCounts(context).isEmpty());
		Map<String, Object> running = releaseRow("refused");
		List<EventRecord> signalsBefore = signals("refused");

		// when
		ReleaseException continueRunning = refused("refused", Signal.CONTINUE, "carol");

		// then
		assertThat(running.get("state")).isEqualTo("RUNNING");
		assertThat(continueRunning.reason()).isEqualTo(Reason.CONFLICT);
		assertThat(continueRunning)
			.hasMessage("cannot continue release refused: it is running (allowed now: pause, cancel)");
		assertThat(releaseRow("refused")).isEqualTo(running);
		assertThat(signals("refused")).isEqualTo(signalsBefore).isEmpty();

		// given: the same release, completed
		awaitState("refused", ReleaseState.COMPLETED, Duration.ofSeconds(20));
		Map<String, Object> completed = releaseRow("refused");
		List<EventRecord> events = this.releases.events("refused");
		int executions = this.tables.jobExecutionCount();

		// when
		ReleaseException resumeCompleted = refused("refused", Signal.RESUME, "carol");
		ReleaseException resetCompleted = refused("refused", Signal.RESET, "carol");
		TestHttp.Response overHttp = as(operator("carol")).post("/api/releases/refused/resume", null);

		// then
		assertThat(resumeCompleted.reason()).isEqualTo(Reason.CONFLICT);
		assertThat(resumeCompleted).hasMessage("cannot resume release refused: it is completed");
		assertThat(resetCompleted.reason()).isEqualTo(Reason.CONFLICT);
		assertThat(resetCompleted).hasMessage("cannot reset release refused: it is completed");
		assertThat(overHttp.status()).isEqualTo(409);
		assertThat(overHttp.json().get("detail").asString())
			.isEqualTo("cannot resume release refused: it is completed");
		assertThat(releaseRow("refused")).isEqualTo(completed);
		assertThat(this.releases.events("refused")).isEqualTo(events);
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(2))
			.until(() -> this.tables.jobExecutionCount() == executions);
		assertEveryClusterUpgradedOnce("refused", context);
	}

	@Test
	void twoSignalsAtOnceLeaveOneConsistentOutcome() throws Exception {
		// given: a running release
		String context = "ap-south-1";
		this.releases.start("race.yaml", oneStage("race", context, 1, 1, "30s"), "race", operator("tester"));
		await().atMost(Duration.ofSeconds(10)).until(() -> !patchCounts(context).isEmpty());

		// when: two engineers pause at once
		List<Object> pauses = together(() -> this.releases.signal("race", Signal.PAUSE, operator("alice"), "first"),
				() -> this.releases.signal("race", Signal.PAUSE, operator("bob"), "second"));

		// then: one pause is applied, the other refused
		assertOneAcceptedOneRefused(pauses, "cannot pause release race: it is pausing already (allowed now: cancel)");
		List<EventRecord> afterPauses = signals("race");
		assertThat(afterPauses).hasSize(1).first().satisfies((event) -> {
			assertThat(event.before()).isEqualTo(ReleaseState.RUNNING);
			assertThat(event.after()).isEqualTo(ReleaseState.PAUSING);
			assertThat(event.by()).isEqualTo(winner(pauses, "alice", "bob"));
		});
		awaitState("race", ReleaseState.PAUSED, Duration.ofSeconds(10));

		// when: two engineers resume at once
		List<Object> resumes = together(() -> this.releases.signal("race", Signal.RESUME, operator("alice"), null),
				() -> this.releases.signal("race", Signal.RESUME, operator("bob"), null));

		// then: one resume restarts it, once
		assertOneAcceptedOneRefused(resumes, "cannot resume release race: it is running (allowed now: pause, cancel)");
		assertThat(signals("race")).hasSize(2).last().satisfies((event) -> {
			assertThat(event.before()).isEqualTo(ReleaseState.PAUSED);
			assertThat(event.after()).isEqualTo(ReleaseState.RUNNING);
			assertThat(event.by()).isEqualTo(winner(resumes, "alice", "bob"));
		});
		awaitState("race", ReleaseState.COMPLETED, Duration.ofSeconds(30));
		awaitExecutionStatuses("race", "STOPPED", "COMPLETED");
		assertEveryClusterUpgradedOnce("race", context);
	}

	@Test
	void aStageThatRequiresApprovalWaitsBeforeItStartsAndContinueLetsItGo() {
		// given
		String plan = TestPlans.plan("stage-gate", """
				defaults:
				  waveSize: 10
				  parallelism: 10
				  readyTimeout: 30s
				stages:
				  - name: one
				    groups:
				      - name: west
				        contexts: [us-west-2]
				  - name: two
				    approval: required
				    groups:
				      - name: central
				        contexts: [eu-central-1]
				""");

		// when
		this.releases.start("stage-gate.yaml", plan, "stage-gate", operator("tester"));

		// then
		awaitState("stage-gate", ReleaseState.AWAITING_APPROVAL, Duration.ofSeconds(20));
		assertThat(this.releases.status("stage-gate").reason()).isEqualTo("waiting for approval of stage two");
		assertThat(this.releases.events("stage-gate")).filteredOn((event) -> event.kind().equals("gate.waiting"))
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.stage()).isEqualTo("two");
				assertThat(event.message()).isEqualTo("waiting for approval of stage two; send continue to go on");
			});
		assertThat(this.tables.clusters("stage-gate", "one"))
			.allSatisfy((row) -> assertThat(row.state()).isIn(ClusterState.UPGRADED, ClusterState.ALREADY_CURRENT));
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(2))
			.until(() -> patchCounts("eu-central-1").isEmpty()
					&& this.releases.status("stage-gate").state() == ReleaseState.AWAITING_APPROVAL);

		// when
		this.releases.signal("stage-gate", Signal.CONTINUE, operator("bob"), "stage one looks good");

		// then
		awaitState("stage-gate", ReleaseState.COMPLETED, Duration.ofSeconds(20));
		assertEveryClusterUpgradedOnce("stage-gate", "us-west-2", "eu-central-1");
		assertThat(this.jdbc.sql("SELECT approved_by FROM flotilla_stage WHERE release_id = ? AND name = 'two'")
			.param("stage-gate")
			.query(String.class)
			.single()).isEqualTo("bob");
	}

	@Test
	void aReleaseThatRequiresApprovalPatchesNothingUntilContinue() {
		// given
		String plan = TestPlans.plan("release-gate", """
				approval: required
				defaults:
				  waveSize: 10
				  parallelism: 10
				  readyTimeout: 30s
				stages:
				  - name: only
				    groups:
				      - name: north
				        contexts: [ap-northeast-1]
				""");

		// when
		this.releases.start("release-gate.yaml", plan, "release-gate", operator("tester"));

		// then
		awaitState("release-gate", ReleaseState.AWAITING_APPROVAL, Duration.ofSeconds(10));
		assertThat(this.releases.status("release-gate").reason())
			.isEqualTo("waiting for approval of release release-gate");
		assertThat(this.releases.events("release-gate")).filteredOn((event) -> event.kind().equals("gate.waiting"))
			.extracting(EventRecord::message)
			.containsExactly("waiting for approval of release release-gate; send continue to go on");
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(2))
			.until(() -> patchCounts("ap-northeast-1").isEmpty());
		assertThat(this.tables.clusters("release-gate"))
			.allSatisfy((row) -> assertThat(row.state()).isIn(ClusterState.PENDING, ClusterState.ALREADY_CURRENT)
				.isNotEqualTo(ClusterState.UPGRADED));

		// when
		this.releases.signal("release-gate", Signal.CONTINUE, operator("bob"), null);

		// then
		awaitState("release-gate", ReleaseState.COMPLETED, Duration.ofSeconds(20));
		assertEveryClusterUpgradedOnce("release-gate", "ap-northeast-1");
	}

	@Test
	void pauseAfterFirstWaveStopsAfterTheCanaryWaveAndContinueSendTheMomentItWaitsGoesOn() {
		// given
		String plan = TestPlans.plan("canary", """
				defaults:
				  readyTimeout: 30s
				stages:
				  - name: canary
				    firstWaveSize: 1
				    waveSize: 4
				    parallelism: 4
				    pauseAfterFirstWave: true
				    groups:
				      - name: east
				        contexts: [sa-east-1]
				""");

		// when
		this.releases.start("canary.yaml", plan, "canary", operator("tester"));

		// then: it stops after the canary
		Map<String, Object> waiting = new HashMap<>();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> {
			waiting.putAll(releaseRow("canary"));
			return waiting.get("state").equals("AWAITING_APPROVAL");
		});

		// when: someone continues at once, while the stopped execution may still end
		Instant continued = Instant.now();
		this.releases.signal("canary", Signal.CONTINUE, operator("bob"), "canary is fine");

		// then: only the canary was patched before the continue, and the rest follows
		awaitState("canary", ReleaseState.COMPLETED, Duration.ofSeconds(20));
		assertThat(waiting.get("state_reason")).isEqualTo("waiting for a look at the first wave of stage canary");
		assertThat(this.releases.events("canary")).filteredOn((event) -> event.kind().equals("gate.waiting"))
			.extracting(EventRecord::message)
			.containsExactly("waiting for a look at the first wave of stage canary; send continue to go on");
		List<ClusterRow> rows = this.tables.clusters("canary");
		List<ClusterRow> canary = rows.stream().filter((row) -> row.wave() == 1).toList();
		assertThat(canary).hasSize(1);
		assertThat(firstPatchAt(canary.get(0).key())).isBefore(continued);
		assertThat(rows).filteredOn((row) -> row.wave() > 1)
			.isNotEmpty()
			.allSatisfy(
					(row) -> assertThat(firstPatchAt(row.key())).as("first PATCH of %s", row.key()).isAfter(continued));
		assertEveryClusterUpgradedOnce("canary", "sa-east-1");
		awaitExecutionStatuses("canary", "STOPPED", "COMPLETED");
	}

	@Test
	void resetAfterABudgetBreachRetriesExactlyTheFailedClustersAndContinueAcceptsThem() {
		// given: a stage with no failure budget, some of whose clusters never get ready
		String plan = TestPlans.plan("reset", """
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
				""");
		this.releases.start("reset.yaml", plan, "reset", operator("tester"));
		awaitState("reset", ReleaseState.BUDGET_EXCEEDED, Duration.ofSeconds(20));
		List<ClusterRow> before = this.tables.clusters("reset");
		List<String> failed = before.stream()
			.filter((row) -> row.state() == ClusterState.FAILED)
			.map(ClusterRow::key)
			.toList();
		assertThat(failed).isNotEmpty().hasSizeLessThan(before.size());
		assertThat(this.releases.status("reset").reason())
			.isEqualTo("stage faulty paused: " + failed.size() + " failed clusters over the budget of 0");
		assertThat(clusterFailures("reset")).containsOnlyKeys(failed)
			.allSatisfy((key, count) -> assertThat(count).isOne());

		// when
		Instant reset = Instant.now();
		ReleaseStatus resetting = this.releases.signal("reset", Signal.RESET, operator("alice"), "try them again");

		// then: the failed clusters are tried again, and fail again; no other is touched
		assertThat(resetting.state()).isIn(ReleaseState.RUNNING, ReleaseState.BUDGET_EXCEEDED);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.releases.status("reset").state() == ReleaseState.BUDGET_EXCEEDED
					&& clusterFailures("reset").values().stream().allMatch((count) -> count == 2));
		assertThat(clusterFailures("reset")).containsOnlyKeys(failed);
		List<ClusterRow> after = this.tables.clusters("reset");
		assertThat(after).allSatisfy((row) -> {
			ClusterRow old = before.stream().filter((b) -> b.key().equals(row.key())).findFirst().orElseThrow();
			if (failed.contains(row.key())) {
				assertThat(row.state()).as("state of %s", row.key()).isEqualTo(ClusterState.FAILED);
				assertThat(row.updatedAt()).as("updated_at of %s", row.key()).isAfter(reset);
				// the retry's deadline runs from the reset, not from the first patch
				assertThat(row.reason()).startsWith("not ready within 1s of its reset at ");
			}
			else {
				assertThat(row).as("untouched row of %s", row.key()).isEqualTo(old);
			}
			assertThat(patchCount(row)).as("PATCHes of %s", row.key())
				.isEqualTo(TARGET.equals(row.fromVersion()) && row.state() == ClusterState.ALREADY_CURRENT ? 0 : 1);
		});
		assertThat(this.releases.status("reset").reason())
			.isEqualTo("stage faulty paused: " + failed.size() + " failed clusters over the budget of 0");

		// when
		this.releases.signal("reset", Signal.CONTINUE, operator("alice"), "known bad tenants");

		// then
		awaitState("reset", ReleaseState.COMPLETED, Duration.ofSeconds(20));
		assertThat(this.tables.clusters("reset")).filteredOn((row) -> row.state() == ClusterState.FAILED)
			.extracting(ClusterRow::key)
			.containsExactlyElementsOf(failed);
		assertThat(clusterFailures("reset")).containsOnlyKeys(failed)
			.allSatisfy((key, count) -> assertThat(count).isEqualTo(2));
		assertThat(signals("reset")).extracting(EventRecord::message)
			.containsExactly("reset by alice: try them again (BUDGET_EXCEEDED → RUNNING)",
					"continue by alice: known bad tenants (BUDGET_EXCEEDED → RUNNING)");
	}

	@Test
	void cancelEndsAPausedReleaseForGoodAndARunningOneAfterItsClustersInFlight() {
		// given: a paused release
		String pausedContext = "ca-central-1";
		this.releases.start("cancel-paused.yaml", oneStage("cancel-paused", pausedContext, 1, 1, "30s"),
				"cancel-paused", operator("tester"));
		await().atMost(Duration.ofSeconds(10)).until(() -> !patchCounts(pausedContext).isEmpty());
		this.releases.signal("cancel-paused", Signal.PAUSE, operator("alice"), null);
		awaitState("cancel-paused", ReleaseState.PAUSED, Duration.ofSeconds(10));
		Map<String, Integer> patchedWhenPaused = patchCounts(pausedContext);

		// when
		ReleaseStatus cancelled = this.releases.signal("cancel-paused", Signal.CANCEL, operator("alice"),
				"wrong version");

		// then
		assertThat(cancelled.state()).isEqualTo(ReleaseState.CANCELLED);
		assertThat(cancelled.reason()).isEqualTo("cancelled by alice: wrong version");
		assertThat(lastExecutionStatuses("cancel-paused")).last().isEqualTo("ABANDONED");
		ReleaseException resume = refused("cancel-paused", Signal.RESUME, "bob");
		assertThat(resume).hasMessage("cannot resume release cancel-paused: it was cancelled");
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(2))
			.until(() -> patchCounts(pausedContext).equals(patchedWhenPaused)
					&& this.releases.status("cancel-paused").state() == ReleaseState.CANCELLED);
		assertThat(this.tables.clusters("cancel-paused"))
			.anySatisfy((row) -> assertThat(row.state()).isEqualTo(ClusterState.PENDING));

		// given: a running release
		String runningContext = "ap-southeast-2";
		this.releases.start("cancel-running.yaml", oneStage("cancel-running", runningContext, 2, 2, "30s"),
				"cancel-running", operator("tester"));
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> !patchCounts(runningContext).isEmpty());

		// when
		Instant signalled = Instant.now();
		ReleaseStatus cancelling = this.releases.signal("cancel-running", Signal.CANCEL, operator("alice"), "abort");

		// then
		assertThat(cancelling.state()).isEqualTo(ReleaseState.CANCELLING);
		awaitState("cancel-running", ReleaseState.CANCELLED, Duration.ofSeconds(10));
		Map<String, Integer> patchedWhenCancelled = patchCounts(runningContext);
		Instant lastPatch = patchedWhenCancelled.keySet()
			.stream()
			.map(this::firstPatchAt)
			.max(Instant::compareTo)
			.orElseThrow();
		System.out.printf("cancel: signal to last new PATCH %d ms%n",
				Duration.between(signalled, lastPatch).toMillis());
		assertThat(Duration.between(signalled, lastPatch)).isLessThan(Duration.ofSeconds(1));
		awaitExecutionStatuses("cancel-running", "ABANDONED");
		assertThat(this.releases.status("cancel-running").reason()).isEqualTo("cancelled by alice: abort");
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(2))
			.until(() -> patchCounts(runningContext).equals(patchedWhenCancelled));
		assertThat(this.tables.clusters("cancel-running")).filteredOn((row) -> patchCount(row) > 0)
			.allSatisfy((row) -> assertThat(row.state()).isEqualTo(ClusterState.UPGRADED));
		assertThat(this.releases.events("cancel-running")).extracting(EventRecord::kind).endsWith("release.ended");
	}

	@Test
	void theEventLogListsEverySignalWithWhoWhenWhyAndTheStatesBeforeAndAfterInOrder() {
		// given
		String plan = TestPlans.plan("audit", """
				approval: required
				defaults:
				  waveSize: 1
				  parallelism: 1
				  readyTimeout: 30s
				stages:
				  - name: only
				    groups:
				      - name: north
				        contexts: [eu-north-1]
				""");
		Instant started = Instant.now();
		this.releases.start("audit.yaml", plan, "audit", operator("tester"));
		awaitState("audit", ReleaseState.AWAITING_APPROVAL, Duration.ofSeconds(10));

		// when
		assertThat(as(operator("alice")).post("/api/releases/audit/continue", Map.of("by", "mallory", "reason", "go"))
			.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> !patchCounts("eu-north-1").isEmpty());
		assertThat(as(operator("bob")).post("/api/releases/audit/PAUSE", Map.of("reason", "lunch")).status())
			.isEqualTo(200);
		awaitState("audit", ReleaseState.PAUSED, Duration.ofSeconds(10));
		assertThat(as(operator("carol")).post("/api/releases/audit/pause", null).status()).isEqualTo(409);
		assertThat(this.http.post("/api/releases/audit/resume", null).status()).isEqualTo(200);
		awaitState("audit", ReleaseState.COMPLETED, Duration.ofSeconds(30));

		// then
		TestHttp.Response response = this.http.get("/api/releases/audit/events");
		assertThat(response.status()).isEqualTo(200);
		List<JsonNode> signals = new ArrayList<>();
		response.json().forEach((event) -> {
			if (event.get("kind").asString().equals("signal.applied")) {
				signals.add(event);
			}
		});
		assertThat(signals)
			.extracting((event) -> List.of(text(event, "by"), text(event, "reason"), text(event, "before"),
					text(event, "after")))
			.containsExactly(List.of("alice", "go", "AWAITING_APPROVAL", "RUNNING"),
					List.of("bob", "lunch", "RUNNING", "PAUSING"), List.of(TESTER, "", "PAUSED", "RUNNING"));
		List<Instant> times = signals.stream().map((event) -> Instant.parse(text(event, "at"))).toList();
		assertThat(times).isSorted().allSatisfy((at) -> assertThat(at).isAfter(started).isBefore(Instant.now()));
		List<String> kinds = new ArrayList<>();
		response.json().forEach((event) -> kinds.add(event.get("kind").asString()));
		assertThat(kinds).startsWith("release.started", "gate.waiting", "signal.applied", "stage.started")
			.containsSubsequence("stage.started", "signal.applied", "signal.applied", "wave.done", "release.ended")
			.endsWith("release.ended");
		assertThat(this.releases.events("audit")).extracting(EventRecord::kind).isEqualTo(kinds);
	}

	private static String text(JsonNode event, String field) {
		JsonNode value = event.get(field);
		return (value == null || value.isNull()) ? "" : value.asString();
	}

	private static String oneStage(String name, String context, int waveSize, int parallelism, String readyTimeout) {
		return TestPlans.plan(name, """
				stages:
				  - name: only
				    waveSize: %d
				    parallelism: %d
				    readyTimeout: %s
				    groups:
				      - name: %s
				        contexts: [%s]
				""".formatted(waveSize, parallelism, readyTimeout, context, context));
	}

	private void awaitState(String id, ReleaseState state, Duration atMost) {
		await("release " + id + " " + state).atMost(atMost)
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(this.releases.status(id).state()).isEqualTo(state));
	}

	private ReleaseException refused(String id, Signal signal, String by) {
		ReleaseException refused = catchThrowableOfType(ReleaseException.class,
				() -> this.releases.signal(id, signal, operator(by), "should not be recorded"));
		assertThat(refused).as("%s on %s", signal, id).isNotNull();
		return refused;
	}

	private List<EventRecord> signals(String id) {
		return this.releases.events(id).stream().filter((event) -> event.kind().equals("signal.applied")).toList();
	}

	private Map<String, Object> releaseRow(String id) {
		return this.jdbc.sql("SELECT state, state_reason, updated_at, waiting_for FROM flotilla_release WHERE id = ?")
			.param(id)
			.query()
			.singleRow();
	}

	/**
	 * The statuses of the release's job executions, oldest first, as the JobRepository
	 * stored them.
	 */
	/**
	 * The job listener ends a release; the JobRepository saves the execution's own status
	 * just after the listener returns, so it can trail the release's state briefly.
	 */
	private void awaitExecutionStatuses(String id, String... statuses) {
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(lastExecutionStatuses(id)).containsExactly(statuses));
	}

	private List<String> lastExecutionStatuses(String id) {
		return this.jdbc.sql("""
				SELECT e.status FROM batch_job_execution e JOIN batch_job_execution_params p
				ON p.job_execution_id = e.job_execution_id
				WHERE p.parameter_name = 'release.id' AND p.parameter_value = ? ORDER BY e.job_execution_id""")
			.param(id)
			.query(String.class)
			.list();
	}

	/**
	 * How many ClusterFailed events each cluster of the release has.
	 */
	private Map<String, Integer> clusterFailures(String id) {
		Map<String, Integer> counts = new TreeMap<>();
		this.releases.events(id)
			.stream()
			.filter((event) -> event.kind().equals("cluster.failed"))
			.forEach((event) -> counts.merge(event.message().split(" ")[1], 1, Integer::sum));
		return counts;
	}

	/**
	 * Runs two signals on two threads released together, and returns each one's status or
	 * exception.
	 */
	private static List<Object> together(ThrowingSupplier first, ThrowingSupplier second) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			CountDownLatch ready = new CountDownLatch(2);
			CountDownLatch go = new CountDownLatch(1);
			List<CompletableFuture<Object>> results = new ArrayList<>();
			for (ThrowingSupplier signal : List.of(first, second)) {
				results.add(CompletableFuture.supplyAsync(() -> {
					ready.countDown();
					try {
						go.await();
						return signal.get();
					}
					catch (Exception ex) {
						return ex;
					}
				}, threads));
			}
			assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			List<Object> outcomes = new ArrayList<>();
			for (CompletableFuture<Object> result : results) {
				outcomes.add(result.get(10, TimeUnit.SECONDS));
			}
			return outcomes;
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static void assertOneAcceptedOneRefused(List<Object> outcomes, String refusal) {
		assertThat(outcomes).filteredOn(ReleaseStatus.class::isInstance).hasSize(1);
		assertThat(outcomes).filteredOn(ReleaseException.class::isInstance).singleElement().satisfies((refused) -> {
			assertThat(((ReleaseException) refused).reason()).isEqualTo(Reason.CONFLICT);
			assertThat((ReleaseException) refused).hasMessage(refusal);
		});
	}

	private static String winner(List<Object> outcomes, String first, String second) {
		return (outcomes.get(0) instanceof ReleaseStatus) ? first : second;
	}

	private void assertEveryClusterUpgradedOnce(String id, String... contexts) {
		List<ClusterRow> rows = this.tables.clusters(id);
		assertThat(rows.stream().map(ClusterRow::context).distinct()).containsExactlyInAnyOrder(contexts);
		assertThat(rows).isNotEmpty().allSatisfy((row) -> {
			assertThat(row.state()).as("state of %s", row.key())
				.isEqualTo(TARGET.equals(row.fromVersion()) ? ClusterState.ALREADY_CURRENT : ClusterState.UPGRADED);
			assertThat(patchCount(row)).as("PATCHes of %s", row.key())
				.isEqualTo(row.state() == ClusterState.UPGRADED ? 1 : 0);
			assertThat(liveVersion(row)).as("live version of %s", row.key()).isEqualTo(TARGET);
		});
		assertThat(rows).extracting(ClusterRow::state).contains(ClusterState.UPGRADED);
		Map<String, Integer> patched = new TreeMap<>();
		for (String context : contexts) {
			patched.putAll(patchCounts(context));
		}
		assertThat(patched.keySet()).containsExactlyInAnyOrderElementsOf(
				rows.stream().filter((row) -> row.state() == ClusterState.UPGRADED).map(ClusterRow::key).toList());
	}

	private static Map<String, Integer> patchCounts(String context) {
		Map<String, Integer> counts = new TreeMap<>();
		fleetOf(context).patchCounts().forEach((key, count) -> {
			if (key.startsWith(context + "/")) {
				counts.put(key, count);
			}
		});
		return counts;
	}

	private Instant firstPatchAt(String key) {
		String[] parts = key.split("/");
		return Objects.requireNonNull(fleetOf(parts[0]).firstPatchAt(parts[0], parts[1], parts[2]), key);
	}

	private static int patchCount(ClusterRow row) {
		return fleetOf(row.context()).patchCount(row.context(), row.namespace(), row.name());
	}

	private static String liveVersion(ClusterRow row) {
		try (KubernetesClient client = TestFleets.client(fleetOf(row.context()).kubeconfig(), row.context())) {
			return TestFleets.liveVersion(client, row.namespace(), row.name());
		}
	}

	private static SandboxFleet fleetOf(String context) {
		return fleets.fleetOf(context);
	}

	@FunctionalInterface
	interface ThrowingSupplier {

		Object get() throws Exception;

	}

}
