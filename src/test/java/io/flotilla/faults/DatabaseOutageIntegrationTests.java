package io.flotilla.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.flotilla.faults.FaultRelease.Execution;
import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.database.EmbeddedPostgresServer;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ServerProcess;
import io.flotilla.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stops PostgreSQL for 20 seconds in the middle of a wave and starts it again on the same
 * data directory and port. The server stays up; the release stops or fails cleanly,
 * resumes by itself once the database answers (the release watchdog), its next bake timer
 * fires (Quartz recovered), and the invariants of the kill loop hold.
 */
class DatabaseOutageIntegrationTests {

	private static final String READINESS = "/actuator/health/readiness";

	private static final String LIVENESS = "/actuator/health/liveness";

	private static final Duration OUTAGE = Duration.ofSeconds(20);

	@TempDir
	Path directory;

	@RegisterExtension
	final ServerHarness harness = new ServerHarness("fault-logs");

	private EmbeddedPostgresServer postgres;

	@Test
	void releaseResumesByItselfWhenTheDatabaseIsBack() throws IOException {
		Path data = this.directory.resolve("pgdata");
		int port = ServerProcess.freePort();
		this.harness.closeLast(() -> {
			if (this.postgres != null) {
				this.postgres.close();
			}
		});
		this.postgres = startPostgres(data, port);
		String jdbcUrl = TestDatabases.createDatabase(this.postgres, "flotilla_outage");
		SandboxFleet fleet = this.harness.startFleet(SandboxOptions.defaults()
			.withClusters(300)
			.withRegionCount(3)
			.withFailRate(0.0)
			.withSlowRate(0.0)
			.withApiErrorRate(0.0)
			.withPodRestart(Duration.ofMillis(60))
			.withSeed(9)
			.withDirectory(this.directory.resolve("fleet")));
		FaultRelease release = this.harness.release("db-outage", jdbcUrl);
		ServerProcess server = this.harness.startServer("database-outage");
		release.start(server, release.plan(Duration.ofSeconds(2), 6, 3, Duration.ofSeconds(30), "5%"));

		// when PostgreSQL stops while a wave of stage 'staging' is in flight
		await("a wave of stage 'staging' in flight").atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> release.rows()
				.stream()
				.anyMatch((row) -> row.stage().equals("staging") && row.state() == ClusterState.PENDING
						&& release.patchCount(row) > 0));
		int doneBefore = release.done();
		assertThat(ready(server)).as("ready before the outage").isTrue();
		this.postgres.close();
		Instant stoppedAt = Instant.now();
		// a server without its database is alive but not ready
		await("readiness DOWN").atMost(OUTAGE).until(() -> !ready(server));
		assertThat(server.get(LIVENESS).status()).isEqualTo(200);
		await("outage of " + OUTAGE).pollDelay(OUTAGE)
			.atMost(OUTAGE.plusSeconds(5))
			.until(() -> !Instant.now().isBefore(stoppedAt.plus(OUTAGE)));
		assertThat(server.isAlive()).as("server alive through the outage").isTrue();
		this.postgres = startPostgres(data, port);
		Instant backAt = Instant.now();

		// then it is ready again, and the release resumes by itself and completes
		await("readiness UP").atMost(Duration.ofSeconds(60)).until(() -> ready(server));
		try {
			await("release completed").atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> release.state() == ReleaseState.COMPLETED);
		}
		catch (RuntimeException ex) {
			throw new AssertionError("release is " + release.state() + " (" + release.stateReason() + ") "
					+ release.stateCounts() + "; log:\n" + server.logTail(80), ex);
		}
		Instant firstPatchAfter = release.firstPatchAfter(backAt);
		List<Execution> executions = release.executions();
		Execution resumed = executions.stream()
			.filter((execution) -> execution.start().isAfter(backAt))
			.findFirst()
			.orElseThrow();
		String log = server.logTail(1_000_000);
		System.out.printf(
				"Database outage: stopped with %d of %d done, for %d ms; new execution %d ms after the database was back,"
						+ " first PATCH %d ms after; executions %s%n",
				doneBefore, fleet.clusterCount(), Duration.between(stoppedAt, backAt).toMillis(),
				Duration.between(backAt, resumed.start()).toMillis(),
				Duration.between(backAt, firstPatchAfter).toMillis(), executions);
		assertThat(log).contains("release watchdog: release=db-outage was RUNNING but its job was not running");
		assertThat(log.lines().filter((line) -> line.contains("release watchdog: database unavailable")))
			.as("one warning while the database is down")
			.hasSizeLessThanOrEqualTo(1);
		assertThat(release.bakeUntil("staging")).as("the bake after the outage ran on its Quartz timer")
			.isAfter(backAt);
		release.assertInvariants((reason) -> false);
	}

	private static EmbeddedPostgresServer startPostgres(Path data, int port) {
		return TestDatabases.startServer(data, port);
	}

	/**
	 * Whether the readiness probe passes, as a kubelet sees it: a probe that does not
	 * answer in time (the database check waits for a connection) fails like a 503.
	 */
	private static boolean ready(ServerProcess server) {
		try {
			return server.get(READINESS).status() == 200;
		}
		catch (UncheckedIOException ex) {
			return false;
		}
	}

}
