package io.flotilla.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ReleaseTables.ClusterRow;
import io.flotilla.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server in a crash loop: killed with SIGKILL a few seconds after each restart answers,
 * sooner than the ready timeout, while waves hold clusters that never become ready. Each
 * restart must still record something before it waits on anything, and a cluster's ready
 * deadline runs from its patch, not from the restart, so the release completes while the
 * kills go on instead of freezing until they stop.
 */
class CrashLoopIntegrationTests {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(8);

	/** How long each server lives after it answers: shorter than the ready timeout. */
	private static final Duration LIFETIME = Duration.ofSeconds(4);

	private static final int MAX_KILLS = 30;

	private static final Pattern WITHIN = Pattern.compile("^not ready within 8s of its patch at (\\S+): .*");

	@TempDir
	Path directory;

	@RegisterExtension
	final ServerHarness harness = new ServerHarness("fault-logs");

	@Test
	void aReleaseCompletesWhileItsServerIsKilledSoonerThanTheReadyTimeoutAfterEachStart() {
		// given: never-ready clusters in every stage
		this.harness.startFleet(SandboxOptions.defaults()
			.withClusters(150)
			.withRegionCount(3)
			.withFailRate(0.06)
			.withSlowRate(0.0)
			.withApiErrorRate(0.0)
			.withPodRestart(Duration.ofMillis(300))
			.withSeed(7_2026L)
			.withDirectory(this.directory));
		FaultRelease release = this.harness.release("crash-loop");
		ServerProcess server = startServer();
		release.start(server, release.plan(Duration.ZERO, 10, 5, READY_TIMEOUT, "100%"));
		List<Instant> readyAts = new ArrayList<>(List.of(server.readyAt()));
		List<String> cycles = new ArrayList<>();

		// when: each server is killed LIFETIME after it answers, until the release ends
		int kills = 0;
		while (!finished(release) && kills < MAX_KILLS) {
			Instant killAt = server.readyAt().plus(LIFETIME);
			await().pollInterval(Duration.ofMillis(50))
				.atMost(LIFETIME.plusSeconds(5))
				.until(() -> finished(release) || !Instant.now().isBefore(killAt));
			if (finished(release)) {
				break;
			}
			server.kill();
			kills++;
			cycles.add("#%d: %d of %d done, %s".formatted(kills, release.done(), release.rows().size(),
					release.stateCounts()));
			server = startServer();
			readyAts.add(server.readyAt());
		}
		System.out.printf("Crash loop: %d kills, release %s %s%n  %s%n", kills, release.id(), release.stateCounts(),
				String.join("\n  ", cycles));

		// then: it completed while the kills went on, with every invariant of the kill
		// loop
		assertThat(kills).as("kills before the release ended").isGreaterThanOrEqualTo(3).isLessThan(MAX_KILLS);
		assertThat(release.state()).isEqualTo(ReleaseState.COMPLETED);
		release.assertInvariants((reason) -> reason.startsWith("not ready "));
		// each recovery said so, and from the third on warned of the loop
		List<String> recoveries = release.events((line) -> line.contains(" release.recovered "));
		assertThat(recoveries).as("recovery events").hasSizeGreaterThanOrEqualTo(3);
		assertThat(recoveries.get(0)).contains("(1 recovery in the last 10m)").doesNotContain("WARNING");
		assertThat(recoveries.get(2)).contains("(3 recoveries in the last 10m); WARNING: its server keeps dying");
		// and a cluster left in flight by a killed server failed at its patch's deadline
		// or, when no server ran then, as soon as the next one was up, never after a
		// fresh wait
		List<ClusterRow> failedLater = release.rows()
			.stream()
			.filter((row) -> row.state() == ClusterState.FAILED && WITHIN.matcher(row.reason()).matches())
			.toList();
		assertThat(failedLater).as("clusters a killed server left in flight that never became ready").isNotEmpty();
		for (ClusterRow row : failedLater) {
			Matcher within = WITHIN.matcher(row.reason());
			assertThat(within.matches()).isTrue();
			Instant deadline = Instant.parse(within.group(1)).plus(READY_TIMEOUT);
			Instant serverUp = readyAts.stream()
				.filter((readyAt) -> !readyAt.isAfter(row.updatedAt()))
				.max(Instant::compareTo)
				.orElseThrow();
			Instant due = deadline.isAfter(serverUp) ? deadline : serverUp;
			assertThat(row.updatedAt()).as("%s recorded at", row.key())
				.isAfterOrEqualTo(deadline)
				.isBefore(due.plusSeconds(4));
		}
	}

	private static boolean finished(FaultRelease release) {
		ReleaseState state = release.state();
		return state == ReleaseState.COMPLETED || state == ReleaseState.FAILED || state == ReleaseState.BUDGET_EXCEEDED;
	}

	private ServerProcess startServer() {
		return this.harness.startServer("crash-loop-" + (this.harness.serverCount() + 1));
	}

}
