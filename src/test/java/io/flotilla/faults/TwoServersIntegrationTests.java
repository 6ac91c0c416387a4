package io.flotilla.faults;

import java.nio.file.Path;
import java.time.Duration;
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
 * Two servers on one database: the second never recovers or restarts a release the first
 * one runs, and takes it over once the first one is gone.
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

}
