package io.flotilla.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.plan.yaml.PlanRewrites;
import io.flotilla.release.ReleaseEvent.CheckFailed;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.sandbox.SandboxOptions.Breaks;
import io.flotilla.support.PrometheusServer;
import io.flotilla.support.ReleaseTables.ClusterRow;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestActors;
import io.flotilla.support.TestFleets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipped {@code jobs/demo-clickhouse-prometheus.yaml}, its steps read from the
 * shipped {@code steps/}, on the real server against a small sandbox of the plan's three
 * regions that a real Prometheus scrapes every second. The version breaks some clusters:
 * their error counters rise a second after they turn Ready, the error-rate check catches
 * each one during its soak, the release pauses naming it, and every healthy cluster
 * passes. The plan's waits are divided by {@value #SPEED}, as a rehearsal does, so its
 * one-minute soak lasts 15 s: long enough for the rate over 30 s to pass its limit.
 */
class PrometheusDemoPlanIntegrationTests extends ServerUnderTest {

	private static final Path PLAN = Path.of("jobs/demo-clickhouse-prometheus.yaml");

	private static final long SPEED = 4;

	private static final String TARGET = "25.3";

	private static final SandboxOptions BREAKING = TestFleets.healthy(12, SandboxOptions.regions(3))
		.withBreaks(Breaks.parse(TARGET + "=20%"))
		.withBreakAfter(Duration.ofSeconds(1));

	private static final Pattern CHECK_REASON = Pattern
		.compile("check (clickhouse-error-rate(?:-baseline)?) failed on ([^/]+/[^/]+/[^:]+): (.+)");

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(BREAKING);

	private static PrometheusServer prometheus;

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
		prometheus = PrometheusServer.scraping(fleets.fleet(), newDirectory());
		registry.add("flotilla.checks.prometheus-url", () -> prometheus.url().toString());
		registry.add("flotilla.checks.interval", () -> "500ms");
		registry.add("flotilla.steps.directory", () -> Path.of("steps").toAbsolutePath().toString());
	}

	@AfterAll
	static void stopPrometheus() {
		if (prometheus != null) {
			prometheus.close();
		}
	}

	@Test
	void theErrorRateCatchesEachBrokenClusterThePausedReleaseNamesItAndHealthyClustersPass() {
		// given Prometheus with a rate of every cluster, so no check finds no data
		prometheus.awaitSeries("clickhouse_errors_total");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> prometheus.query("rate(clickhouse_errors_total[30s])").contains("\"value\""));
		String plan = PlanRewrites.compressed(PLAN.toString(), PlanLoader.read(PLAN), SPEED, Duration.ofSeconds(5));
		this.releases.start(PLAN.toString(), plan, "prom-demo", TestActors.operator("olga"));

		// when it runs, each pause is looked at and continued
		int pauses = 0;
		Instant deadline = Instant.now().plusSeconds(240);
		ReleaseStatus status = this.releases.status("prom-demo");
		while (status.state() != ReleaseState.COMPLETED) {
			assertThat(Instant.now()).as("completed in time, last seen %s", status.state()).isBefore(deadline);
			if (status.state() == ReleaseState.PAUSED) {
				Matcher reason = CHECK_REASON.matcher(status.reason());
				assertThat(reason.matches()).as(status.reason()).isTrue();
				assertThat(isBroken(reason.group(2))).as("%s breaks at %s", reason.group(2), TARGET).isTrue();
				assertThat(reason.group(3)).contains(" is over ");
				pauses++;
				this.releases.signal("prom-demo", Signal.CONTINUE, TestActors.operator("olga"), "looked at it");
			}
			status = await().pollInterval(Duration.ofMillis(100))
				.atMost(Duration.ofSeconds(120))
				.until(() -> this.releases.status("prom-demo"),
						(now) -> now.state() == ReleaseState.PAUSED || now.state() == ReleaseState.COMPLETED);
		}

		// then exactly the clusters the version broke are unhealthy, each with the
		// check's value and limit; every other cluster it rolled passed its checks
		List<ClusterRow> rolled = this.tables.clusters("prom-demo")
			.stream()
			.filter((row) -> row.state() != ClusterState.ALREADY_CURRENT)
			.toList();
		Set<String> broken = rolled.stream()
			.map(ClusterRow::key)
			.filter(PrometheusDemoPlanIntegrationTests::isBroken)
			.collect(Collectors.toSet());
		assertThat(broken).as("the fixture breaks some of the clusters the plan rolls")
			.isNotEmpty()
			.hasSizeLessThan(rolled.size());
		for (ClusterRow row : rolled) {
			if (broken.contains(row.key())) {
				assertThat(row.state()).as(row.key()).isEqualTo(ClusterState.UNHEALTHY);
				assertThat(row.reason()).as(row.key())
					.matches("check clickhouse-error-rate(-baseline)? failed: clickhouse-error-rate(-baseline)? "
							+ "[0-9.]+ is over .*");
			}
			else {
				assertThat(row.state()).as(row.key()).isEqualTo(ClusterState.UPGRADED);
			}
		}
		assertThat(pauses).isBetween(1, broken.size());
		assertThat(this.releases.events("prom-demo")).filteredOn((event) -> event.kind().equals(CheckFailed.KIND))
			.hasSize(broken.size());
	}

	private static boolean isBroken(String key) {
		String[] parts = key.split("/");
		return BREAKING.breaks().breaks(BREAKING.seed(), parts[1], parts[2], TARGET);
	}

	private static Path newDirectory() {
		try {
			return Files.createTempDirectory("flotilla-prometheus");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
