package io.flotilla.release;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.release.ReleaseEvent.CheckFailed;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.sandbox.SandboxOptions.Breaks;
import io.flotilla.support.ReleaseTables.ClusterRow;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestActors;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health checks on the real server against the sandbox: a version that breaks some of the
 * clusters quietly (they turn Ready, then log logical errors and restart a pod) is caught
 * by the pod and log checks during the stage's soak, the release pauses saying what
 * failed where, and a {@code continue} goes on; a cluster failing its checks before its
 * patch is left as it was; a check that only records lets the release go on.
 */
class HealthCheckIntegrationTests extends ServerUnderTest {

	private static final String TARGET = "25.3";

	private static final SandboxOptions BREAKING = TestFleets.healthy(6, List.of("checks-1"))
		.withBreaks(Breaks.parse(TARGET + "=15%"))
		.withBreakAfter(Duration.ofSeconds(1));

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(BREAKING, TestFleets.healthy(3, List.of("checks-2")),
			TestFleets.healthy(4, List.of("checks-3"))
				.withBreaks(Breaks.parse(TARGET + "=100%"))
				.withBreakAfter(Duration.ofMillis(500)),
			TestFleets.healthy(6, List.of("checks-4"))
				.withBreaks(Breaks.parse(TARGET + "=100%"))
				.withBreakAfter(Duration.ofMillis(500)),
			TestFleets.healthy(3, List.of("checks-5"))
				.withBreaks(Breaks.parse(TARGET + "=100%"))
				.withBreakAfter(Duration.ofMillis(500)));

	private static HttpServer health;

	/** The first cluster the HTTP check asks about, which it then fails every time. */
	private static final AtomicReference<String> refused = new AtomicReference<>();

	@BeforeAll
	static void startHealthEndpoint() throws IOException {
		health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		health.createContext("/health/", (exchange) -> {
			String cluster = exchange.getRequestURI().getPath().substring("/health/".length());
			refused.compareAndSet(null, cluster);
			boolean ok = !cluster.equals(refused.get());
			byte[] body = (ok ? "ok" : "replica lag 3600s").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		health.start();
	}

	@AfterAll
	static void stopHealthEndpoint() {
		health.stop(0);
	}

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
		registry.add("flotilla.checks.interval", () -> "500ms");
	}

	@Test
	void aBrokenClusterIsCaughtDuringItsSoakThePausedReleaseSaysWhyAndContinueGoesOn() {
		// given a release whose stage soaks each cluster for 2 s under pod and log checks
		this.releases.start("checked.yaml", TestPlans.plan("checked", """
				defaults:
				  waveSize: 1
				  parallelism: 1
				stages:
				  - name: all
				    soak: 2s
				    checks:
				      - name: logical-errors
				        logs: {pattern: 'Logical error', max: 0}
				      - name: pods
				        pods: {restarts: 0}
				    groups:
				      - name: all
				        contexts: [checks-1]
				"""), "checked", TestActors.operator("olga"));

		// when it runs, each pause is looked at and continued
		int pauses = 0;
		Instant deadline = Instant.now().plusSeconds(120);
		ReleaseStatus status = this.releases.status("checked");
		while (status.state() != ReleaseState.COMPLETED) {
			assertThat(Instant.now()).as("completed in time, last seen %s", status.state()).isBefore(deadline);
			if (status.state() == ReleaseState.PAUSED) {
				assertThat(status.reason()).matches("check (logical-errors|pods) failed on checks-1/[^:]+: .+");
				pauses++;
				this.releases.signal("checked", Signal.CONTINUE, TestActors.operator("olga"), "looked at it");
			}
			status = await().pollInterval(Duration.ofMillis(100))
				.atMost(Duration.ofSeconds(60))
				.until(() -> this.releases.status("checked"),
						(now) -> now.state() == ReleaseState.PAUSED || now.state() == ReleaseState.COMPLETED);
		}

		// then exactly the clusters the version broke are unhealthy, each with the
		// check's
		// words, a check.failed event and a pause of its own
		List<ClusterRow> rolled = this.tables.clusters("checked")
			.stream()
			.filter((row) -> row.state() != ClusterState.ALREADY_CURRENT)
			.toList();
		Set<String> broken = rolled.stream()
			.filter((row) -> BREAKING.breaks().breaks(BREAKING.seed(), row.namespace(), row.name(), TARGET))
			.map(ClusterRow::key)
			.collect(Collectors.toSet());
		assertThat(broken).as("the fixture breaks some of the clusters it rolls")
			.isNotEmpty()
			.hasSizeLessThan(rolled.size());
		for (ClusterRow row : rolled) {
			if (broken.contains(row.key())) {
				assertThat(row.state()).as(row.key()).isEqualTo(ClusterState.UNHEALTHY);
				assertThat(row.reason()).matches(
						"check (logical-errors failed: \\d+ log lines match 'Logical error'|pods failed: .*restart).*");
			}
			else {
				assertThat(row.state()).as(row.key()).isEqualTo(ClusterState.UPGRADED);
			}
		}
		assertThat(pauses).isEqualTo(broken.size());
		assertThat(this.releases.events("checked")).filteredOn((event) -> event.kind().equals(CheckFailed.KIND))
			.hasSize(broken.size())
			.allSatisfy((event) -> assertThat(event.message()).contains("the release pauses"));

		// and no healthy cluster was let go before a round that began after its soak
		// passed it
		List<Boolean> soaked = this.jdbc.sql("""
				SELECT checked_at >= updated_at + interval '2 seconds' AS soaked FROM flotilla_cluster
				WHERE release_id = 'checked' AND state = 'UPGRADED'""").query(Boolean.class).list();
		assertThat(soaked).hasSize(rolled.size() - broken.size()).containsOnly(true);
	}

	@Test
	void aClusterFailingItsChecksBeforeItsPatchIsLeftAsItWas() {
		// given an HTTP check that fails the first cluster it is asked about
		this.releases.start("before.yaml", TestPlans.plan("before", """
				defaults:
				  parallelism: 1
				stages:
				  - name: all
				    checks:
				      - name: replication
				        http: {url: 'http://127.0.0.1:%d/health/{namespace}/{name}', status: 200}
				    groups:
				      - name: all
				        contexts: [checks-2]
				""".formatted(health.getAddress().getPort())), "before", TestActors.operator("olga"));

		// when it runs
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.releases.status("before").state() == ReleaseState.COMPLETED);

		// then that cluster is skipped with the check's words and never patched; the
		// others are upgraded
		List<ClusterRow> rows = this.tables.clusters("before");
		assertThat(rows).filteredOn((row) -> row.state() == ClusterState.SKIPPED_UNHEALTHY)
			.singleElement()
			.satisfies((row) -> {
				assertThat(row.namespace() + "/" + row.name()).isEqualTo(refused.get());
				assertThat(row.reason()).startsWith("failed check replication before its patch: ").contains("503");
				assertThat(fleets.fleetOf("checks-2").firstPatchAt("checks-2", row.namespace(), row.name())).isNull();
			});
		assertThat(rows).filteredOn((row) -> row.state() == ClusterState.UPGRADED).hasSize(2);
		assertThat(this.releases.events("before")).filteredOn((event) -> event.kind().equals(CheckFailed.KIND))
			.singleElement()
			.satisfies((event) -> assertThat(event.message()).contains("left as it was, not upgraded"));
	}

	@Test
	void aCheckThatFailsClustersPausesTheReleaseOnceTheStageIsOverItsBudget() {
		// given a version that breaks every cluster, and a pod check that fails the
		// cluster, within a budget of one
		this.releases.start("failing.yaml", TestPlans.plan("failing", """
				defaults:
				  waveSize: 1
				  parallelism: 1
				  failureBudget: 1
				stages:
				  - name: all
				    soak: 3s
				    checks:
				      - name: pods
				        pods: {restarts: 0}
				        onFailure: fail
				    groups:
				      - name: all
				        contexts: [checks-4]
				"""), "failing", TestActors.operator("olga"));

		// then the second failed cluster pauses it, saying the budget is spent and why
		ReleaseStatus paused = await().atMost(Duration.ofSeconds(60))
			.until(() -> this.releases.status("failing"), (status) -> status.state() == ReleaseState.PAUSED);
		assertThat(paused.reason())
			.matches("stage all is over its failure budget after check pods failed on checks-4/[^:]+: pod .+");
		assertThat(this.tables.clusters("failing")).filteredOn((row) -> row.state() == ClusterState.FAILED)
			.hasSizeGreaterThanOrEqualTo(2)
			.allSatisfy((row) -> assertThat(row.reason()).startsWith("check pods failed: pod "));
		assertThat(this.releases.events("failing")).filteredOn((event) -> event.kind().equals(CheckFailed.KIND))
			.allSatisfy((event) -> assertThat(event.message())
				.contains("the cluster fails and counts against the failure budget of stage all"));
		this.releases.signal("failing", Signal.CANCEL, TestActors.operator("olga"), "broken version");
	}

	@Test
	void aResetJudgesTheUnhealthyClustersAgain() {
		// given a release paused by a check on a cluster that stays broken
		this.releases.start("again.yaml", TestPlans.plan("again", """
				defaults:
				  waveSize: 1
				  parallelism: 1
				stages:
				  - name: all
				    soak: 3s
				    checks:
				      - name: logical-errors
				        logs: {pattern: 'Logical error', max: 0}
				    groups:
				      - name: all
				        contexts: [checks-5]
				"""), "again", TestActors.operator("olga"));
		ReleaseStatus paused = await().atMost(Duration.ofSeconds(60))
			.until(() -> this.releases.status("again"), (status) -> status.state() == ReleaseState.PAUSED);
		String cluster = paused.reason().replaceFirst("^check logical-errors failed on ([^:]+): .*$", "$1");

		// when an operator resets it
		this.releases.signal("again", Signal.RESET, TestActors.operator("olga"), "look again");

		// then the cluster is judged again, found failing again, and the release pauses
		// once more on it
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.releases.events("again")
				.stream()
				.filter((event) -> event.kind().equals(CheckFailed.KIND) && event.message().contains(cluster))
				.count() == 2);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.releases.status("again").state() == ReleaseState.PAUSED);
		assertThat(this.tables.clusters("again")).filteredOn((row) -> row.key().equals(cluster))
			.singleElement()
			.satisfies((row) -> assertThat(row.state()).isEqualTo(ClusterState.UNHEALTHY));
		this.releases.signal("again", Signal.CANCEL, TestActors.operator("olga"), "broken version");
	}

	@Test
	void aCheckThatRecordsLetsTheReleaseGoOn() {
		// given a version that breaks every cluster, and a log check that records
		this.releases.start("recorded.yaml", TestPlans.plan("recorded", """
				defaults:
				  waveSize: 1
				  parallelism: 1
				stages:
				  - name: all
				    soak: 3s
				    checks:
				      - name: logical-errors
				        logs: {pattern: 'Logical error', max: 0}
				        onFailure: record
				    groups:
				      - name: all
				        contexts: [checks-3]
				"""), "recorded", TestActors.operator("olga"));

		// then it completes with every cluster recorded unhealthy, never paused
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.releases.status("recorded").state() == ReleaseState.COMPLETED);
		assertThat(this.tables.clusters("recorded")).hasSize(4)
			.allSatisfy((row) -> assertThat(row.state()).isIn(ClusterState.UNHEALTHY, ClusterState.ALREADY_CURRENT))
			.anySatisfy((row) -> assertThat(row.state()).isEqualTo(ClusterState.UNHEALTHY));
		assertThat(this.releases.events("recorded")).extracting(EventRecord::kind)
			.contains(CheckFailed.KIND)
			.doesNotContain(ReleaseEvent.ReleasePaused.KIND);
	}

}
