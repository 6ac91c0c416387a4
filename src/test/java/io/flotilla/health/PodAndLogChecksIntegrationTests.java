package io.flotilla.health;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.flotilla.fleet.ClusterRef;
import io.flotilla.plan.Target;
import io.flotilla.plan.check.Check;
import io.flotilla.plan.check.CheckPolicy;
import io.flotilla.plan.check.LogPatternCheck;
import io.flotilla.plan.check.PodHealthCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pod and log checks through the real fabric8 client against the sandbox's API: a
 * cluster that breaks after its patch restarts a pod and logs logical errors.
 */
class PodAndLogChecksIntegrationTests {

	private static final PodHealthCheck PODS = new PodHealthCheck("pods-healthy", 0, CheckPolicy.PAUSE);

	private static final LogPatternCheck LOGICAL_ERRORS = new LogPatternCheck("logical-errors", "Logical error", 0,
			CheckPolicy.PAUSE);

	@TempDir
	static Path directory;

	static PatchedSandbox sandbox;

	static HealthChecks checks;

	@BeforeAll
	static void startSandbox() {
		sandbox = PatchedSandbox.start(directory);
		checks = HealthChecks.create(sandbox.fleet, HealthSettings.defaults(Optional.empty()));
	}

	@AfterAll
	static void stop() {
		checks.close();
		sandbox.close();
	}

	@Test
	void aBrokenClusterFailsThePodAndTheLogCheckSayingHowManyRestartsAndLines() {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			List<Verdict> verdicts = checks.check(List.of(PODS, LOGICAL_ERRORS), sandbox.afterPatch(sandbox.broken));

			assertThat(verdicts).extracting(Verdict::check).containsExactly("pods-healthy", "logical-errors");
			Verdict pods = verdicts.get(0);
			assertThat(pods.passed()).isFalse();
			assertThat(pods.value()).matches("[1-9]\\d* restarts?");
			assertThat(pods.limit()).isEqualTo("0 restarts");
			assertThat(pods.description()).matches("pod " + sandbox.broken.name() + "-0 restarted [1-9]\\d* times?"
					+ " since the patch \\(at most 0\\) on " + where(sandbox.broken));
			Verdict logs = verdicts.get(1);
			assertThat(logs.passed()).isFalse();
			assertThat(Integer.parseInt(logs.value())).isPositive();
			assertThat(logs.description()).isEqualTo(logs.value() + " log lines match 'Logical error' since the patch"
					+ " (at most 0) on " + where(sandbox.broken));
		});
	}

	@Test
	void aHealthyPatchedClusterPassesBothWhileTheBrokenOneFails() throws InterruptedException {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !checks.check(List.of(LOGICAL_ERRORS), sandbox.afterPatch(sandbox.broken)).get(0).passed());

		List<Verdict> verdicts = checks.check(List.of(PODS, LOGICAL_ERRORS), sandbox.afterPatch(sandbox.healthy));

		assertThat(verdicts).allSatisfy((verdict) -> assertThat(verdict.passed()).as(verdict.description()).isTrue());
		assertThat(verdicts.get(0).description())
			.matches("\\d+ pods Ready, 0 restarts since the patch \\(at most 0\\)" + " on " + where(sandbox.healthy));
		assertThat(verdicts.get(1).value()).isEqualTo("0");
	}

	@Test
	void restartsOfPodsOlderThanTheSinceCountFromTheirContainersLastEnd() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !checks.check(List.of(PODS), sandbox.afterPatch(sandbox.broken)).get(0).passed());
		Instant since = Instant.now();
		Subject fromNow = new Subject(sandbox.broken, Target.STATEFUL_SET, "canary", since, false, List.of());

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Verdict verdict = checks.check(List.of(PODS), fromNow).get(0);
			assertThat(verdict.passed()).isFalse();
			assertThat(verdict.value()).isEqualTo("1 restart");
		});
	}

	@Test
	void beforeThePatchAClusterIsJudgedOverTheLookBack() throws InterruptedException {
		ClusterRef control = sandbox.controls.get(0);
		Subject subject = Subject.beforePatch(control, Target.STATEFUL_SET, "canary", Instant.now(),
				Duration.ofMinutes(10), List.of());

		List<Verdict> verdicts = checks.check(List.of(PODS, LOGICAL_ERRORS), subject);

		assertThat(verdicts).allSatisfy((verdict) -> assertThat(verdict.passed()).as(verdict.description()).isTrue());
		assertThat(verdicts.get(1).description()).contains("since " + subject.since());
	}

	@Test
	void aClusterWithoutPodsOrAnUnknownContextFailsSayingSo() throws InterruptedException {
		ClusterRef missing = new ClusterRef(sandbox.broken.context(), sandbox.broken.namespace(), "nothing-here", "1");
		ClusterRef elsewhere = new ClusterRef("no-such-context", "ns", "db", "1");

		List<List<Verdict>> verdicts = checks.checkEach(List.<Check>of(PODS, LOGICAL_ERRORS),
				List.of(sandbox.afterPatch(missing), sandbox.afterPatch(elsewhere)));

		assertThat(verdicts.get(0)).allSatisfy((verdict) -> {
			assertThat(verdict.passed()).isFalse();
			assertThat(verdict.description()).startsWith(
					"no pod of " + where(missing) + " matches app.kubernetes.io/instance=nothing-here (StatefulSet "
							+ where(missing) + " does not exist in " + missing.context() + ")");
		});
		assertThat(verdicts.get(1)).allSatisfy((verdict) -> {
			assertThat(verdict.passed()).isFalse();
			assertThat(verdict.description())
				.startsWith("cannot list the pods of ns/db: unknown context 'no-such-context'");
		});
	}

	private static String where(ClusterRef cluster) {
		return cluster.namespace() + "/" + cluster.name();
	}

}
