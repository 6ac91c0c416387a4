package io.flotilla.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.flotilla.faults.FaultRelease.Execution;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ServerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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

	private static final Duration OUTAGE = Duration.ofSeconds(20);

	@TempDir
	Path directory;

	private EmbeddedPostgres postgres;

	private SandboxFleet fleet;

	private FaultRelease release;

	private ServerProcess server;

	@AfterEach
	void stopEverything() throws IOException {
		if (this.server != null) {
			this.server.close();
		}
		if (this.release != null) {
			this.release.close();
		}
		if (this.fleet != null) {
			this.fleet.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	void releaseResumesByItselfWhenTheDatabaseIsBack() throws IOException {
		Path data = this.directory.resolve("pgdata");
		int port = freePort();
		this.postgres = startPostgres(data, port);
		String jdbcUrl = createDatabase(this.postgres);
		this.fleet = SandboxFleet.start(SandboxOptions.defaults()
			.withClusters(300)
			.withRegionCount(3)
			.withFailRate(0.0)
			.withSlowRate(0.0)
			.withApiErrorRate(0.0)
			.withPodRestart(Duration.ofMillis(60))
			.withSeed(9)
			.withDirectory(this.directory.resolve("fleet")));
		this.release = new FaultRelease("db-outage", this.fleet, jdbcUrl);
		this.server = ServerProcess.start(jdbcUrl, this.fleet.kubeconfig(),
				Path.of("target", "fault-logs", "database-outage.log"));
		this.release.start(this.server, this.release.plan(Duration.ofSeconds(2), 6, 3, Duration.ofSeconds(30), "5%"));

		// when PostgreSQL stops while a wave of stage 'staging' is in flight
		await("a wave of stage 'staging' in flight").atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.release.rows()
				.stream()
				.anyMatch((row) -> row.stage().equals("staging") && row.state().equals("PENDING")
						&& this.release.patchCount(row) > 0));
		int doneBefore = this.release.done();
		this.postgres.close();
		Instant stoppedAt = Instant.now();
		await("outage of " + OUTAGE).pollDelay(OUTAGE)
			.atMost(OUTAGE.plusSeconds(5))
			.until(() -> !Instant.now().isBefore(stoppedAt.plus(OUTAGE)));
		assertThat(this.server.isAlive()).as("server alive through the outage").isTrue();
		this.postgres = startPostgres(data, port);
		Instant backAt = Instant.now();

		// then the release resumes by itself and completes
		try {
			await("release completed").atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> "COMPLETED".equals(this.release.state()));
		}
		catch (RuntimeException ex) {
			throw new AssertionError("release is " + this.release.state() + " (" + this.release.stateReason() + ") "
					+ this.release.stateCounts() + "; log:\n" + this.server.logTail(80), ex);
		}
		Instant firstPatchAfter = this.release.firstPatchAfter(backAt);
		List<Execution> executions = this.release.executions();
		Execution resumed = executions.stream()
			.filter((execution) -> execution.start().isAfter(backAt))
			.findFirst()
			.orElseThrow();
		String log = this.server.logTail(1_000_000);
		System.out.printf(
				"Database outage: stopped with %d of %d done, for %d ms; new execution %d ms after the database was back,"
						+ " first PATCH %d ms after; executions %s%n",
				doneBefore, this.fleet.clusterCount(), Duration.between(stoppedAt, backAt).toMillis(),
				Duration.between(backAt, resumed.start()).toMillis(),
				Duration.between(backAt, firstPatchAfter).toMillis(), executions);
		assertThat(log).contains("release watchdog: release=db-outage was RUNNING but its job was not running");
		assertThat(log.lines().filter((line) -> line.contains("release watchdog: database unavailable")))
			.as("one warning while the database is down")
			.hasSizeLessThanOrEqualTo(1);
		assertThat(this.release.bakeUntil("staging")).as("the bake after the outage ran on its Quartz timer")
			.isAfter(backAt);
		this.release.assertInvariants((reason) -> false);
	}

	private static EmbeddedPostgres startPostgres(Path data, int port) {
		try {
			return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String createDatabase(EmbeddedPostgres postgres) {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE flotilla_outage");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return postgres.getJdbcUrl("postgres", "flotilla_outage");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
