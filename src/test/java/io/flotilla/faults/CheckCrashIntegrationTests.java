package io.flotilla.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseEvent.CheckFailed;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.sandbox.SandboxOptions.Breaks;
import io.flotilla.support.ReleaseTables.ClusterRow;
import io.flotilla.support.ServerProcess;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGKILL while a release's checks still owe a verdict: during a stage's soak, and during
 * the bake after a stage. The version breaks some clusters a few seconds after they turn
 * Ready, so the kill lands while they still look healthy and the server that follows on
 * the same database must see the break and record it: once per broken cluster, the
 * release paused with the check's words, a soak never cut short and a bake's timer gone.
 */
class CheckCrashIntegrationTests {

	private static final String TARGET = FaultRelease.TARGET;

	private static final Breaks BREAKS = Breaks.parse(TARGET + "=40%");

	private static final Duration BREAK_AFTER = Duration.ofSeconds(8);

	private static final Duration SOAK = Duration.ofSeconds(10);

	private static final Map<String, String> CHECK_EVERY_HALF_SECOND = Map.of("FLOTILLA_CHECKS_INTERVAL", "500ms");

	@TempDir
	Path directory;

	@RegisterExtension
	final ServerHarness harness = new ServerHarness("check-crash-logs");

	private SandboxOptions options;

	private FaultRelease release;

	@Test
	void aKillDuringASoakLosesNoVerdictAndCutsNoSoakShort() {
		// given a soaked stage whose broken clusters look healthy for 8 s after Ready
		startFleet();
		this.release = this.harness.release("soak-crash");
		this.release.checks("soaked", SOAK);
		ServerProcess server = startServer();
		this.release.start(server, plan("""
				  - name: soaked
				    soak: %dms
				    checks:
				      - name: logical-errors
				        logs: {pattern: 'Logical error', max: 0}
				      - name: pods
				        pods: {restarts: 0}
				    groups:
				      - name: east
				        contexts: [check-east]
				  - name: after
				    groups:
				      - name: west
				        contexts: [check-west]
				""".formatted(SOAK.toMillis())));
		await("the stage soaking").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(20))
			.until(this::soaking);
		Set<String> broken = broken("soaked");
		assertThat(this.release.events(this::isVerdict)).as("verdicts before the kill").isEmpty();

		// when the server is killed in the soak and another starts on the same database
		server.kill();
		Instant killedAt = Instant.now();
		server = startServer();

		// then the new server's rounds catch every broken cluster and pause the release
		awaitVerdicts(server, broken);
		assertThat(this.release.state()).isEqualTo(ReleaseState.PAUSED);
		assertThat(this.release.stateReason()).matches("check (logical-errors|pods) failed on (%s): .+"
			.formatted(broken.stream().map((key) -> key.replace(".", "\\.")).collect(Collectors.joining("|"))));
		assertThat(this.release.events(this::isVerdict)).hasSize(broken.size())
			.allSatisfy((event) -> assertThat(Instant.parse(event.substring(0, event.indexOf(' '))))
				.as("recorded by the new server: %s", event)
				.isAfter(killedAt));
		assertThat(this.release.firstPatchAfter(killedAt)).as("a patch of stage after while paused").isNull();

		// and once continued, the next stage starts only after every healthy cluster's
		// soak, and a round begun after it, passed it
		Instant continued = Instant.now();
		assertThat(server.post("/api/releases/" + this.release.id() + "/continue", Map.of("reason", "seen")).status())
			.isEqualTo(200);
		awaitState(server, ReleaseState.COMPLETED);
		Instant nextStage = this.release.firstPatchAfter(continued);
		List<ClusterRow> soaked = rowsOf("soaked", ClusterState.UPGRADED);
		assertThat(soaked).as("healthy clusters of the soaked stage").isNotEmpty();
		assertThat(soaked).allSatisfy((row) -> assertThat(nextStage).as("first patch after the soak of %s", row.key())
			.isAfterOrEqualTo(row.updatedAt().plus(SOAK)));
		awaitNoCheckTrigger();
		this.release.assertInvariants((reason) -> false);
		this.release.assertCheckInvariants(BREAKS, this.options.seed(), (reason) -> false);
	}

	@Test
	void aKillDuringABakeLosesNoVerdictAndTheBakeTimerGoes() {
		// given a stage with checks and a long bake, whose broken clusters look healthy
		// for 8 s after Ready
		startFleet();
		this.release = this.harness.release("bake-crash");
		this.release.checks("baked", Duration.ZERO);
		ServerProcess server = startServer();
		this.release.start(server, plan("""
				  - name: baked
				    bake: 10m
				    checks:
				      - name: logical-errors
				        logs: {pattern: 'Logical error', max: 0}
				      - name: pods
				        pods: {restarts: 0}
				    groups:
				      - name: east
				        contexts: [check-east]
				  - name: after
				    groups:
				      - name: west
				        contexts: [check-west]
				"""));
		await("the stage baking").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.release.state() == ReleaseState.BAKING && this.release.hasResumeTimer());
		Set<String> broken = broken("baked");
		Instant bakeUntil = this.release.bakeUntil("baked");
		assertThat(this.release.events(this::isVerdict)).as("verdicts before the kill").isEmpty();

		// when the server is killed in the bake and another starts on the same database
		server.kill();
		Instant killedAt = Instant.now();
		server = startServer();

		// then a bake-time round catches every broken cluster: BAKING -> PAUSED, the
		// bake's timer removed and its recorded end kept, nothing of the next stage
		// patched
		awaitVerdicts(server, broken);
		assertThat(this.release.state()).isEqualTo(ReleaseState.PAUSED);
		assertThat(this.release.stateReason()).startsWith("check ").contains(" failed on check-east/");
		assertThat(this.release.hasResumeTimer()).as("the bake's timer").isFalse();
		assertThat(this.release.bakeUntil("baked")).isEqualTo(bakeUntil);
		assertThat(this.release.events(this::isVerdict)).hasSize(broken.size())
			.allSatisfy((event) -> assertThat(Instant.parse(event.substring(0, event.indexOf(' '))))
				.as("recorded by the new server: %s", event)
				.isAfter(killedAt));
		assertThat(this.release.firstPatchAfter(killedAt)).as("a patch of stage after").isNull();
		assertThat(rowsOf("baked", ClusterState.UPGRADED)).as("healthy clusters of the baked stage").isNotEmpty();

		// and a cancel ends it, its check trigger with it
		assertThat(server.post("/api/releases/" + this.release.id() + "/cancel", Map.of("reason", "broken")).status())
			.isEqualTo(200);
		awaitState(server, ReleaseState.CANCELLED);
		awaitNoCheckTrigger();
		this.release.assertCheckInvariants(BREAKS, this.options.seed(), (reason) -> false);
	}

	/**
	 * Twelve clusters over two regions, none failing, slow or refused; the version breaks
	 * 40% of those it reaches, 8 s after they turn Ready.
	 */
	private void startFleet() {
		this.options = SandboxOptions.defaults()
			.withClusters(12)
			.withRegions(List.of("check-east", "check-west"))
			.withFailRate(0.0)
			.withSlowRate(0.0)
			.withApiErrorRate(0.0)
			.withPodRestart(Duration.ofMillis(50))
			.withBreaks(BREAKS)
			.withBreakAfter(BREAK_AFTER)
			.withSeed(7L)
			.withDirectory(this.directory);
		SandboxFleet fleet = this.harness.startFleet(this.options);
		assertThat(fleet.clusterCount()).isEqualTo(12);
	}

	/**
	 * The plan, every stage's clusters in one wave, all at once.
	 */
	private static String plan(String stages) {
		return TestPlans.plan("checked", """
				defaults:
				  readyTimeout: 30s
				  waveSize: 100
				  parallelism: 10
				stages:
				""" + stages);
	}

	private boolean soaking() {
		String reason = this.release.stateReason();
		return this.release.state() == ReleaseState.BAKING && reason != null && reason.contains(" soaking: ");
	}

	private boolean isVerdict(String event) {
		return event.contains(" " + CheckFailed.KIND + " ");
	}

	/**
	 * The stage's upgraded clusters that the sandbox breaks; fails unless it breaks some
	 * and spares some, for the test to tell the two apart.
	 */
	private Set<String> broken(String stage) {
		List<ClusterRow> upgraded = rowsOf(stage, ClusterState.UPGRADED);
		Set<String> broken = upgraded.stream()
			.filter((row) -> BREAKS.breaks(this.options.seed(), row.namespace(), row.name(), TARGET))
			.map(ClusterRow::key)
			.collect(Collectors.toSet());
		assertThat(broken).as("clusters of stage %s the version breaks", stage)
			.isNotEmpty()
			.hasSizeLessThan(upgraded.size());
		return broken;
	}

	private List<ClusterRow> rowsOf(String stage, ClusterState state) {
		return this.release.rows().stream().filter((row) -> row.stage().equals(stage) && row.state() == state).toList();
	}

	private void awaitVerdicts(ServerProcess server, Set<String> broken) {
		try {
			await("every broken cluster judged UNHEALTHY").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> this.release.rows()
					.stream()
					.filter((row) -> row.state() == ClusterState.UNHEALTHY)
					.map(ClusterRow::key)
					.collect(Collectors.toSet())
					.equals(broken));
		}
		catch (RuntimeException | AssertionError ex) {
			throw failure("not every broken cluster " + broken + " was judged", server, ex);
		}
	}

	private void awaitState(ServerProcess server, ReleaseState state) {
		try {
			await("release " + state).atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> this.release.state() == state);
		}
		catch (RuntimeException | AssertionError ex) {
			throw failure("the release did not become " + state, server, ex);
		}
	}

	private void awaitNoCheckTrigger() {
		await("the check trigger of the ended release removed").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !this.release.watching());
	}

	private AssertionError failure(String what, ServerProcess server, Throwable cause) {
		return new AssertionError(what + "; release " + this.release.id() + " is " + this.release.state() + " ("
				+ this.release.stateReason() + ") " + this.release.stateCounts() + "; log of the last server ("
				+ server.log() + "):\n" + server.logTail(80), cause);
	}

	private ServerProcess startServer() {
		return this.harness.startServer(this.release.id() + "-" + (this.harness.serverCount() + 1),
				CHECK_EVERY_HALF_SECOND);
	}

}
