package io.flotilla.plan.yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.flotilla.plan.check.Check;
import io.flotilla.plan.check.CheckPolicy;
import io.flotilla.plan.check.LogPatternCheck;
import io.flotilla.plan.check.PodHealthCheck;
import io.flotilla.plan.check.PrometheusCheck;
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

}
