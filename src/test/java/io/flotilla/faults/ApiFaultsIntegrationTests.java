package io.flotilla.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import io.flotilla.control.ReleaseState;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A release against a Kubernetes API that answers 5% of requests with 429 or 500 and
 * holds back 10% of its answers by 200 ms: the release completes, and every failure it
 * recorded is one the injected faults explain.
 */
class ApiFaultsIntegrationTests {

	/**
	 * What a failure caused by the injected faults says: the API status after the retries
	 * ran out.
	 */
	private static final Pattern INJECTED = Pattern
		.compile("(?i)429|500|too ?many ?requests|internal ?error|throttl|failed this request on purpose");

	@TempDir
	Path directory;

	@RegisterExtension
	final ServerHarness harness = new ServerHarness("fault-logs");

	@Test
	void releaseCompletesThroughErrorsAndLatencyAndEveryFailureIsExplained() {
		SandboxFleet fleet = this.harness.startFleet(SandboxOptions.defaults()
			.withClusters(300)
			.withRegionCount(3)
			.withFailRate(0.0)
			.withSlowRate(0.0)
			.withApiErrorRate(0.05)
			.withApiLatencyRate(0.10)
			.withApiLatency(Duration.ofMillis(200))
			.withPodRestart(Duration.ofMillis(20))
			.withSeed(5)
			.withDirectory(this.directory));
		FaultRelease release = this.harness.release("api-faults");
		ServerProcess server = this.harness.startServer("api-faults");
		Instant started = Instant.now();
		release.start(server, release.plan(Duration.ofSeconds(1), 10, 5, Duration.ofSeconds(30), "10%"));
		try {
			await("release finished").atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> release.state() != ReleaseState.RUNNING && release.state() != ReleaseState.BAKING
						&& release.state() != ReleaseState.STARTING);
		}
		catch (RuntimeException ex) {
			throw new AssertionError("release is " + release.state() + "; log:\n" + server.logTail(60), ex);
		}
		Duration took = Duration.between(started, Instant.now());
		long retries = server.logTail(1_000_000).lines().filter((line) -> line.contains("retrying in")).count();
		System.out.printf("API faults: release %s %s in %d ms, %d retries logged, %d answers delayed%n",
				release.state(), release.stateCounts(), took.toMillis(), retries, fleet.delayedRequests());
		assertThat(release.state()).as(release.stateReason()).isEqualTo(ReleaseState.COMPLETED);
		assertThat(retries).as("API errors met and retried").isPositive();
		assertThat(fleet.delayedRequests()).as("answers held back").isPositive();
		release.assertInvariants((reason) -> INJECTED.matcher(reason).find());
	}

}
