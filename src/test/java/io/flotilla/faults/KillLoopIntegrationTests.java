package io.flotilla.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.flotilla.control.ReleaseState;
import io.flotilla.faults.FaultRelease.Checks;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.sandbox.SandboxOptions.Breaks;
import io.flotilla.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills the server with SIGKILL at twenty moments drawn from a seeded random: in waves,
 * during soaks and bakes, and right after a new server became ready (while it recovers).
 * Each time a new server starts against the same database and fleet. The first stage is
 * watched by pod and log checks that record what fails and let the release go on, and
 * soaked, while the version quietly breaks a share of the clusters it reaches (checks on
 * every stage would judge hundreds of clusters a round, all through the rollout, which on
 * two shared cores slows the sandbox until checks time out). At the end every cluster is
 * at the target or FAILED with a reason, none was patched twice, the stages ran in order,
 * no soak or bake was shortened, and no two executions of the release ever lived at once;
 * every broken cluster of a checked stage is UNHEALTHY with one verdict, no healthy one
 * is, and the release's check trigger is gone.
 */
class KillLoopIntegrationTests {

	private static final long SEED = 20_240_601L;

	private static final int KILLS = 20;

	/**
	 * What a check says when the sandbox, on two shared cores, did not answer it in time;
	 * a healthy cluster may be judged for that (a check that cannot reach its target
	 * fails), never for what a break shows.
	 */
	private static final Pattern UNREACHED = Pattern.compile("did not finish within|cannot (list|read) the");

	private static final Breaks BREAKS = Breaks.parse(FaultRelease.TARGET + "=5%");

	private static final Checks CHECKS = new Checks(Duration.ofSeconds(2), "record", Set.of("dev"));

	@TempDir
	Path directory;

	@RegisterExtension
	final ServerHarness harness = new ServerHarness("fault-logs");

	private SandboxFleet fleet;

	private FaultRelease release;

	@Test
	void releaseOfAThousandClustersSurvivesTwentyKills() {
		this.fleet = this.harness.startFleet(SandboxOptions.defaults()
			.withClusters(1000)
			.withRegionCount(3)
			.withFailRate(0.005)
			.withSlowRate(0.0)
			.withApiErrorRate(0.0)
			.withPodRestart(Duration.ofMillis(50))
			.withBreaks(BREAKS)
			.withBreakAfter(Duration.ofSeconds(1))
			.withSeed(SEED)
			.withDirectory(this.directory));
		this.release = this.harness.release("kill-loop");
		Random random = new Random(SEED);
		Instant began = Instant.now();
		ServerProcess server = startServer();
		this.release.start(server,
				this.release.plan(Duration.ofSeconds(4), 10, 3, Duration.ofSeconds(3), "5%", CHECKS));
		List<String> kills = new ArrayList<>();
		List<Long> recoveries = new ArrayList<>();
		Set<Long> killedExecutions = new TreeSet<>();
		for (int kill = 1; kill <= KILLS && !finished(); kill++) {
			Moment moment = Moment.values()[random.nextInt(Moment.values().length)];
			Duration delay = Duration.ofMillis(moment.delay(random));
			String when = awaitMoment(server, moment, delay);
			this.release.executions()
				.stream()
				.filter((execution) -> execution.end() == null)
				.forEach((execution) -> killedExecutions.add(execution.id()));
			server.kill();
			Instant killedAt = Instant.now();
			kills.add("#%d %s %s, %d of %d done, state %s, %d clusters held".formatted(kill, moment, when,
					this.release.done(), this.fleet.clusterCount(), this.release.state(), this.release.claims()));
			server = startServer();
			recoveries.add(Duration.between(killedAt, server.readyAt()).toMillis());
		}
		awaitFinished(server);
		Duration total = Duration.between(began, Instant.now());
		System.out.printf(
				"Kill loop: %d kills in %d s; release %s %s%n  new server ready after a kill (ms): %s%n  %s%n",
				kills.size(), total.toSeconds(), this.release.id(), this.release.stateCounts(), recoveries,
				String.join("\n  ", kills));
		assertThat(kills).hasSize(KILLS);
		// a kill never lets go of a running release's clusters
		assertThat(kills).filteredOn((kill) -> !kill.contains("state COMPLETED"))
			.allSatisfy((kill) -> assertThat(kill).endsWith(", " + this.fleet.clusterCount() + " clusters held"));
		assertThat(this.release.state()).isEqualTo(ReleaseState.COMPLETED);
		this.release.assertInvariants((reason) -> reason.contains("ready") || UNREACHED.matcher(reason).find());
		await("the check trigger of the ended release removed").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> !this.release.watching());
		this.release.assertCheckInvariants(BREAKS, SEED, (reason) -> UNREACHED.matcher(reason).find());
		// kills can land where no job runs (in a bake, before a recovery launched one):
		// rather than counting executions against kills, every execution a kill hit must
		// have been recovered, and none is left looking alive
		assertThat(killedExecutions).as("executions running when a kill came").isNotEmpty();
		assertThat(this.release.executions()).filteredOn((execution) -> killedExecutions.contains(execution.id()))
			.as("executions a kill hit")
			.hasSize(killedExecutions.size())
			.allSatisfy(
					(execution) -> assertThat(execution.end()).as("end of execution %d", execution.id()).isNotNull());
	}

	/**
	 * Waits for the moment to kill and says what it was.
	 */
	private String awaitMoment(ServerProcess server, Moment moment, Duration delay) {
		switch (moment) {
			case RECOVERY -> {
				// the server is ready: recovery is running or has just launched the job
				awaitDelay(delay);
				return "%d ms after the server was ready"
					.formatted(Duration.between(server.readyAt(), Instant.now()).toMillis());
			}
			case WAVE -> {
				await("a wave in flight").atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(10))
					.until(() -> finished() || this.release.waveInFlight(server.startedAt()));
				awaitDelay(delay);
				return "in a wave (+%d ms)".formatted(delay.toMillis());
			}
			case SOAK -> {
				await("a soak").atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> finished() || soaking() || this.release.bakeUntil("dev") != null);
				awaitDelay(delay);
				return "while " + this.release.state() + " (+%d ms)".formatted(delay.toMillis());
			}
			default -> {
				await("a bake").atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> finished() || this.release.state() == ReleaseState.BAKING
							|| this.release.bakeUntil("staging") != null);
				awaitDelay(delay);
				return "while " + this.release.state() + " (+%d ms)".formatted(delay.toMillis());
			}
		}
	}

	private static void awaitDelay(Duration delay) {
		if (!delay.isZero()) {
			Instant until = Instant.now().plus(delay);
			await().pollDelay(delay).atMost(delay.plusSeconds(5)).until(() -> !Instant.now().isBefore(until));
		}
	}

	private boolean soaking() {
		String reason = this.release.stateReason();
		return this.release.state() == ReleaseState.BAKING && reason != null && reason.contains(" soaking: ");
	}

	private boolean finished() {
		ReleaseState state = this.release.state();
		return state == ReleaseState.COMPLETED || state == ReleaseState.FAILED || state == ReleaseState.BUDGET_EXCEEDED;
	}

	private void awaitFinished(ServerProcess server) {
		try {
			await("release finished").atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(200))
				.until(this::finished);
		}
		catch (RuntimeException | AssertionError ex) {
			throw new AssertionError(
					"Release " + this.release.id() + " is " + this.release.state() + " " + this.release.stateCounts()
							+ "; log of the last server (" + server.log() + "):\n" + server.logTail(80),
					ex);
		}
	}

	private ServerProcess startServer() {
		// rounds every 500ms; a check is given 30s, as the loop is about kills, not about
		// a sandbox that a loaded machine makes slow to answer
		return this.harness.startServer("kill-loop-" + (this.harness.serverCount() + 1),
				Map.of("FLOTILLA_CHECKS_INTERVAL", "500ms", "FLOTILLA_CHECKS_TIMEOUT", "30s"));
	}

	enum Moment {

		/** Right after a new server became ready, while it recovers. */
		RECOVERY {
			@Override
			long delay(Random random) {
				return random.nextInt(400);
			}
		},

		/** While clusters are being upgraded. */
		WAVE {
			@Override
			long delay(Random random) {
				return random.nextInt(1500);
			}
		},

		/**
		 * While a stage soaks, its checks' rounds running: in the soak, or a moment after
		 * it.
		 */
		SOAK {
			@Override
			long delay(Random random) {
				return random.nextInt(1000);
			}
		},

		/** After the first bake began: in a bake, or in the stages after it. */
		BAKE {
			@Override
			long delay(Random random) {
				return random.nextInt(2000);
			}
		};

		abstract long delay(Random random);

	}

}
