package io.flotilla.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.flotilla.fleet.ClusterRef;
import io.flotilla.plan.Target;
import io.flotilla.plan.check.CheckPolicy;
import io.flotilla.plan.check.PrometheusCheck;
import io.flotilla.plan.check.PrometheusCheck.Baseline;
import io.flotilla.plan.check.PrometheusCheck.Comparison;
import io.flotilla.plan.check.PrometheusCheck.Over;
import io.flotilla.plan.check.Template;
import io.flotilla.support.PrometheusServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Prometheus checks against a real Prometheus that scrapes the sandbox's region every
 * second: a cluster broken after its patch counts errors, its healthy neighbours do not.
 */
class PrometheusChecksIntegrationTests {

	private static final String ERRORS = "sum(clickhouse_errors_total{namespace=\"{namespace}\",name=\"{name}\"})";

	private static final String ERROR_RATE = "sum(rate(clickhouse_errors_total{namespace=\"{namespace}\",name=\"{name}\"}[5s]))";

	private static final String NOTHING = "clickhouse_errors_total{namespace=\"{namespace}\",name=\"no-such-cluster\"}";

	@TempDir
	static Path directory;

	static PatchedSandbox sandbox;

	static PrometheusServer prometheus;

	static HealthChecks checks;

	@BeforeAll
	static void startSandboxAndPrometheus() {
		sandbox = PatchedSandbox.start(directory.resolve("sandbox"));
		prometheus = PrometheusServer.scraping(sandbox.sandbox, directory);
		prometheus.awaitSeries("clickhouse_errors_total");
		checks = HealthChecks.create(sandbox.fleet, HealthSettings.defaults(Optional.of(prometheus.url())));
	}

	@AfterAll
	static void stop() {
		if (checks != null) {
			checks.close();
		}
		if (prometheus != null) {
			prometheus.close();
		}
		sandbox.close();
	}

	@Test
	void anOverCheckFailsOnTheBrokenClusterWithItsValueAndPassesOnTheHealthyOne() throws InterruptedException {
		PrometheusCheck errors = check("errors", ERRORS, new Over(10), false);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			Verdict verdict = checks.check(List.of(errors), sandbox.afterPatch(sandbox.broken)).get(0);
			assertThat(verdict.passed()).isFalse();
			assertThat(verdict.value()).as(verdict.description()).matches("\\d+(\\.\\d+)?");
			assertThat(Double.parseDouble(verdict.value())).isGreaterThan(10);
			assertThat(verdict.limit()).isEqualTo("10");
			assertThat(verdict.description())
				.isEqualTo("errors " + verdict.value() + " is over the limit 10 on " + where(sandbox.broken));
		});
		Verdict healthy = checks.check(List.of(errors), sandbox.afterPatch(sandbox.healthy)).get(0);

		assertThat(healthy).isEqualTo(
				new Verdict("errors", true, "0", "10", "errors 0 is within the limit 10 on " + where(sandbox.healthy)));
	}

	@Test
	void aBaselineCheckFailsTheBrokenClusterAgainstHealthyControlsAndPassesTheHealthyOne() {
		PrometheusCheck rate = check("error-rate", ERROR_RATE, new Baseline(2), false);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			Verdict verdict = checks.check(List.of(rate), sandbox.afterPatch(sandbox.broken)).get(0);
			assertThat(verdict.passed()).as(verdict.description()).isFalse();
			assertThat(verdict.value()).as(verdict.description()).matches("\\d+(\\.\\d+)?");
			assertThat(Double.parseDouble(verdict.value())).isPositive();
			assertThat(verdict.limit()).isEqualTo("2 x baseline 0");
			assertThat(verdict.description()).isEqualTo("error-rate " + verdict.value()
					+ " is over 2 x baseline 0 (the median of 3 control clusters) on " + where(sandbox.broken));
		});
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			Verdict healthy = checks.check(List.of(rate), sandbox.afterPatch(sandbox.healthy)).get(0);
			assertThat(healthy.passed()).as(healthy.description()).isTrue();
			assertThat(healthy.description()).isEqualTo("error-rate 0 is within 2 x baseline 0 (the median of 3"
					+ " control clusters) on " + where(sandbox.healthy));
		});
	}

	@Test
	void beforeThePatchABaselineCheckPassesForWantOfACanaryAndAnOverCheckIsJudged() throws InterruptedException {
		ClusterRef control = sandbox.controls.get(0);
		Subject before = Subject.beforePatch(control, Target.STATEFUL_SET, "canary", Instant.now(),
				Duration.ofMinutes(10), sandbox.controls.subList(1, 3));

		List<Verdict> verdicts = checks.check(List.of(check("error-rate", ERROR_RATE, new Baseline(2), false),
				check("errors", ERRORS, new Over(-1), false)), before);

		assertThat(verdicts.get(0).passed()).isTrue();
		assertThat(verdicts.get(0).description()).isEqualTo(where(control)
				+ " is not patched yet: there is no canary to compare with the baseline, so error-rate passes");
		assertThat(verdicts.get(1).passed()).isFalse();
		assertThat(verdicts.get(1).description()).isEqualTo("errors 0 is over the limit -1 on " + where(control));
	}

	@Test
	void noDataFailsUnlessOnNoDataIsPass() throws InterruptedException {
		List<Verdict> verdicts = checks.check(
				List.of(check("strict", NOTHING, new Over(10), false), check("lenient", NOTHING, new Over(10), true)),
				sandbox.afterPatch(sandbox.healthy));

		String why = "no data for the query 'clickhouse_errors_total{namespace=\"" + sandbox.healthy.namespace()
				+ "\",name=\"no-such-cluster\"}' on " + where(sandbox.healthy);
		assertThat(verdicts).containsExactly(new Verdict("strict", false, "", "10", why),
				new Verdict("lenient", true, "", "10", why + "; passes, as onNoData is pass"));
	}

	@Test
	void aQueryPrometheusRefusesFailsWithItsReason() throws InterruptedException {
		Verdict verdict = checks
			.check(List.of(check("typo", "sum(clickhouse_errors_total", new Over(1), false)),
					sandbox.afterPatch(sandbox.healthy))
			.get(0);

		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.description()).startsWith(
				"Prometheus at " + prometheus.url() + " refused the query 'sum(clickhouse_errors_total' with 400: ");
	}

	@Test
	void aPrometheusThatIsDownFailsTheCheckSayingWhereAndWhy() throws Exception {
		URI down = URI.create("http://127.0.0.1:" + closedPort());
		try (HealthChecks unreachable = HealthChecks.create(sandbox.fleet, HealthSettings.defaults(Optional.of(down)));
				HealthChecks unconfigured = HealthChecks.create(sandbox.fleet,
						HealthSettings.defaults(Optional.empty()))) {
			List<Verdict> verdicts = unreachable.check(
					List.of(check("errors", ERRORS, new Over(10), false), check("lenient", ERRORS, new Over(10), true)),
					sandbox.afterPatch(sandbox.healthy));
			Verdict none = unconfigured
				.check(List.of(check("errors", ERRORS, new Over(10), true)), sandbox.afterPatch(sandbox.healthy))
				.get(0);

			String why = "Prometheus unreachable at " + down + ": connection refused on " + where(sandbox.healthy);
			assertThat(verdicts).containsExactly(new Verdict("errors", false, "", "10", why),
					new Verdict("lenient", true, "", "10", why + "; passes, as onNoData is pass"));
			assertThat(none).isEqualTo(new Verdict("errors", false, "", "10",
					"no Prometheus is configured (flotilla.checks.prometheus-url), so errors cannot be judged on "
							+ where(sandbox.healthy)));
		}
	}

	private static PrometheusCheck check(String name, String query, Comparison comparison, boolean passOnNoData) {
		return new PrometheusCheck(name, new Template(query), comparison, passOnNoData, CheckPolicy.PAUSE);
	}

	private static String where(ClusterRef cluster) {
		return cluster.namespace() + "/" + cluster.name();
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
