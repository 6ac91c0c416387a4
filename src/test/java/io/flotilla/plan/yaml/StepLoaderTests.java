package io.flotilla.plan.yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;

import io.flotilla.plan.check.Check;
import io.flotilla.plan.check.CheckPolicy;
import io.flotilla.plan.check.LogPatternCheck;
import io.flotilla.plan.check.PodHealthCheck;
import io.flotilla.plan.check.PrometheusCheck;
import io.flotilla.plan.check.PrometheusCheck.Baseline;
import io.flotilla.plan.check.PrometheusCheck.Over;
import io.flotilla.plan.check.Template;
import io.flotilla.plan.yaml.PlanException.PlanError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The reusable check definitions of {@code steps/}, one a file, named by the file.
 */
class StepLoaderTests {

	private final StepLoader loader = new StepLoader();

	@TempDir
	Path directory;

	@Test
	void readsAStepFileNamedByTheFile() throws Exception {
		Path file = Files.writeString(this.directory.resolve("no-restarts.yaml"),
				"pods: {restarts: 0}\nonFailure: fail\n");

		assertThat(this.loader.load(file)).isEqualTo(new PodHealthCheck("no-restarts", 0, CheckPolicy.FAIL));
	}

	@Test
	void reportsAProblemOfAStepFileWithItsFileLineAndColumn() {
		PlanException exception = catchThrowableOfType(PlanException.class, () -> this.loader.load("steps/errors.yaml",
				"name: errors\nprometheus:\n  query: up{x=\"{nmespace}\"}\n"));

		assertThat(exception.errors()).containsExactly(
				new PlanError("steps/errors.yaml", 1, 1, "name",
						"unknown field 'name'; expected one of: prometheus, pods, logs, http, onFailure, onNoData"),
				new PlanError("steps/errors.yaml", 3, 3, "prometheus",
						"needs a threshold, such as over: 10, or a baseline of the clusters not yet upgraded, such as "
								+ "baseline: {ratio: 2}"),
				new PlanError("steps/errors.yaml", 3, 16, "prometheus.query",
						"unknown template variable {nmespace}; did you mean {namespace}?"));
	}

	@Test
	void readsADirectoryOfStepsAndReportsEveryBadFile() throws Exception {
		Files.writeString(this.directory.resolve("a.yaml"), "pods: {}\n");
		Files.writeString(this.directory.resolve("b.yml"), "logs: {pattern: x}\n");
		Files.writeString(this.directory.resolve("notes.txt"), "not a step\n");

		Map<String, Check> steps = this.loader.loadDirectory(this.directory);
		Files.writeString(this.directory.resolve("c.yaml"), "logs: {pattern: '('}\n");
		Files.writeString(this.directory.resolve("d.yaml"), "{}\n");
		PlanException exception = catchThrowableOfType(PlanException.class,
				() -> this.loader.loadDirectory(this.directory));

		assertThat(steps).containsOnlyKeys("a", "b")
			.containsEntry("b", new LogPatternCheck("b", "x", 0, CheckPolicy.PAUSE));
		assertThat(exception.errors()).extracting(PlanError::file)
			.containsExactly(this.directory.resolve("c.yaml").toString(), this.directory.resolve("d.yaml").toString());
		assertThat(this.loader.loadDirectory(this.directory.resolve("missing"))).isEmpty();
	}

	@Test
	void theShippedStepsLoadAndAPlanMayNameThem() {
		Map<String, Check> steps = this.loader.loadDirectory(Path.of("steps"));

		assertThat(steps).containsKeys("clickhouse-errors", "clickhouse-logical-errors", "pods-healthy");
		assertThat(steps.get("clickhouse-errors")).isInstanceOf(PrometheusCheck.class);
		assertThat(new PlanLoader().withSteps(steps).load(Path.of("jobs/demo-clickhouse.yaml")).name()).isNotEmpty();
	}

	@Test
	void theSandboxErrorRateStepsJudgeTheSandboxMetricOverAThresholdAndAgainstTheBaseline() {
		Map<String, Check> steps = this.loader.loadDirectory(Path.of("steps"));

		String query = "sum(rate(clickhouse_errors_total{namespace=\"{namespace}\",name=\"{name}\"}[30s]))";
		assertThat(steps.get("clickhouse-error-rate")).isEqualTo(new PrometheusCheck("clickhouse-error-rate",
				new Template(query), new Over(0.5), false, CheckPolicy.PAUSE));
		assertThat(steps.get("clickhouse-error-rate-baseline")).isEqualTo(new PrometheusCheck(
				"clickhouse-error-rate-baseline", new Template(query), new Baseline(2), true, CheckPolicy.PAUSE));
	}

	@Test
	void thePrometheusDemoPlanLoadsWithTheShippedStepsAndWatchesEveryStageThroughPrometheus() {
		PlanLoader loader = new PlanLoader().withSteps(this.loader.loadDirectory(Path.of("steps")));

		Plan plan = loader.load(Path.of("jobs/demo-clickhouse-prometheus.yaml"));

		assertThat(loader.load(Path.of("jobs/demo-clickhouse.yaml")).name()).isEqualTo("demo-clickhouse");
		assertThat(plan.name()).isEqualTo("demo-clickhouse-prometheus");
		assertThat(plan.stages()).extracting(Stage::name).containsExactly("dev", "staging", "prod");
		assertThat(plan.stages()).extracting(Stage::production).containsExactly(false, false, true);
		assertThat(plan.stages()).allSatisfy((stage) -> {
			assertThat(stage.soak()).isEqualTo(Duration.ofMinutes(1));
			assertThat(stage.checks()).isNotEmpty()
				.allSatisfy((check) -> assertThat(check).isInstanceOf(PrometheusCheck.class));
		});
		assertThat(plan.stages().get(0).checks()).extracting(Check::name).containsExactly("clickhouse-error-rate");
		assertThat(plan.stages().get(2).checks()).extracting(Check::name)
			.containsExactly("clickhouse-error-rate", "clickhouse-error-rate-baseline");
	}

}
