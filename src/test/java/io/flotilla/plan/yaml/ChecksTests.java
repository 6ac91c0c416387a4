package io.flotilla.plan.yaml;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.flotilla.plan.Plan;
import io.flotilla.plan.check.Check;
import io.flotilla.plan.check.CheckPolicy;
import io.flotilla.plan.check.HttpCheck;
import io.flotilla.plan.check.LogPatternCheck;
import io.flotilla.plan.check.PodHealthCheck;
import io.flotilla.plan.check.PrometheusCheck;
import io.flotilla.plan.check.Template;
import io.flotilla.plan.yaml.PlanException.PlanError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The health checks of a plan, its defaults and its stages, and the steps they name: read
 * and validated, not run.
 */
class ChecksTests {

	private static final String MINIMAL = """
			selector: {app: ch}
			version: {path: spec.image, target: "25.3"}
			changes: [{op: remove, path: spec.image}]
			stages:
			  - name: dev
			    groups: [{name: g, contexts: [c]}]
			""";

	private static final Check ERRORS_STEP = new PrometheusCheck("clickhouse-errors",
			new Template("rate(clickhouse_errors_total{namespace=\"{namespace}\"}[5m])"), new PrometheusCheck.Over(1),
			false, CheckPolicy.PAUSE);

	private final PlanLoader loader = new PlanLoader().withSteps(Map.of("clickhouse-errors", ERRORS_STEP));

	@Test
	void aPlanWithoutChecksHasNoneAndStagesDoNotSoak() {
		Plan plan = this.loader.load("plan.yaml", MINIMAL);

		assertThat(plan.checks()).isEmpty();
		assertThat(plan.stages().get(0).checks()).isEmpty();
		assertThat(plan.stages().get(0).soak()).isZero();
	}

	@Test
	void readsEachKindWithItsDefaults() {
		Plan plan = this.loader.load("plan.yaml", """
				checks:
				  - name: pods
				    pods: {}
				  - name: logical-errors
				    logs: {pattern: 'Logical error'}
				  - name: ping
				    http: {url: 'http://{name}.{namespace}.svc:8123/ping'}
				  - name: error-rate
				    prometheus: {query: 'rate(errors{namespace="{namespace}",name="{name}"}[1m])', over: 10}
				""" + MINIMAL);

		assertThat(plan.checks()).containsExactly(new PodHealthCheck("pods", 0, CheckPolicy.PAUSE),
				new LogPatternCheck("logical-errors", "Logical error", 0, CheckPolicy.PAUSE),
				new HttpCheck("ping", new Template("http://{name}.{namespace}.svc:8123/ping"), 200, Optional.empty(),
						CheckPolicy.PAUSE),
				new PrometheusCheck("error-rate",
						new Template("rate(errors{namespace=\"{namespace}\",name=\"{name}\"}[1m])"),
						new PrometheusCheck.Over(10), false, CheckPolicy.PAUSE));
	}

	@Test
	void readsEachKindWithEverySettingWritten() {
		Plan plan = this.loader.load("plan.yaml", """
				checks:
				  - {name: pods, pods: {restarts: 2}, onFailure: record}
				  - {name: logs, logs: {pattern: 'Logical error|Code: \\d+', max: 3}, onFailure: fail}
				  - {name: ping, http: {url: 'http://{label.tier}/ping', status: 204, body: 'Ok.'}}
				  - name: canary
				    prometheus: {query: 'up{stage="{stage}"}', baseline: {ratio: 1.5}}
				    onNoData: pass
				    onFailure: fail
				""" + MINIMAL);

		assertThat(plan.checks()).containsExactly(new PodHealthCheck("pods", 2, CheckPolicy.RECORD),
				new LogPatternCheck("logs", "Logical error|Code: \\d+", 3, CheckPolicy.FAIL),
				new HttpCheck("ping", new Template("http://{label.tier}/ping"), 204, Optional.of("Ok."),
						CheckPolicy.PAUSE),
				new PrometheusCheck("canary", new Template("up{stage=\"{stage}\"}"), new PrometheusCheck.Baseline(1.5),
						true, CheckPolicy.FAIL));
	}

	@Test
	void aStageTakesItsOwnChecksElseTheDefaultsElseThePlans() {
		Plan plan = this.loader.load("plan.yaml", """
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				checks: [{name: plan, pods: {}}]
				defaults:
				  soak: 5m
				  checks: [{name: defaults, pods: {}}]
				stages:
				  - name: dev
				    groups: [{name: g, contexts: [c]}]
				  - name: staging
				    soak: 10m
				    checks: [{name: own, pods: {}}]
				    groups: [{name: g, contexts: [c]}]
				  - name: prod
				    checks: []
				    groups: [{name: g, contexts: [c]}]
				""");
		Plan withoutDefaults = this.loader.load("plan.yaml", "checks: [{name: plan, pods: {}}]\n" + MINIMAL);

		assertThat(plan.checks()).extracting(Check::name).containsExactly("plan");
		assertThat(plan.stages()).extracting((stage) -> stage.checks().stream().map(Check::name).toList())
			.containsExactly(List.of("defaults"), List.of("own"), List.of());
		assertThat(plan.stages()).extracting((stage) -> stage.soak())
			.containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(5));
		assertThat(withoutDefaults.stages().get(0).checks()).extracting(Check::name).containsExactly("plan");
	}

	@Test
	void aStepIsResolvedAndItsFailureMayBeTheListsChoice() {
		Plan plan = this.loader.load("plan.yaml", """
				checks:
				  - step: clickhouse-errors
				""" + MINIMAL);
		Plan recorded = this.loader.load("plan.yaml", """
				checks:
				  - {step: clickhouse-errors, onFailure: record}
				""" + MINIMAL);

		assertThat(plan.checks()).containsExactly(ERRORS_STEP);
		assertThat(recorded.checks()).containsExactly(ERRORS_STEP.withOnFailure(CheckPolicy.RECORD));
	}

	@Test
	void reportsAnUnknownStepWithTheClosestOne() {
		List<PlanError> errors = errorsOf("""
				checks:
				  - step: clickhouse-error
				  - step: nothing-like-it
				""" + MINIMAL);

		assertThat(errors).containsExactly(
				error(2, 11, "checks[0].step", "unknown step 'clickhouse-error'; did you mean 'clickhouse-errors'?"),
				error(3, 11, "checks[1].step", "unknown step 'nothing-like-it' (known steps: clickhouse-errors)"));
	}

	@Test
	void aStepIsUnknownToALoaderGivenNone() {
		PlanException exception = catchThrowableOfType(PlanException.class,
				() -> new PlanLoader().load("plan.yaml", "checks: [{step: clickhouse-errors}]\n" + MINIMAL));

		assertThat(exception.errors()).containsExactly(error(1, 17, "checks[0].step",
				"unknown step 'clickhouse-errors'; no steps are known: each is a file steps/<name>.yaml"));
	}

	@Test
	void reportsAnUnknownTemplateVariableAtItsPlace() {
		List<PlanError> errors = errorsOf("""
				checks:
				  - name: ping
				    http: {url: 'http://{nme}.{namespace}.svc/{cluster}'}
				  - name: rate
				    prometheus: {query: 'rate(x{ns="{label}"}[1m])', over: 1}
				""" + MINIMAL);

		assertThat(errors).containsExactly(
				error(3, 25, "checks[0].http.url", "unknown template variable {nme}; did you mean {name}?"),
				error(3, 47, "checks[0].http.url",
						"unknown template variable {cluster}; known: {namespace}, {name}, {stage}, {label.<key>}"),
				error(5, 37, "checks[1].prometheus.query",
						"unknown template variable {label}; name the label, such as {label.tier}"));
	}

	@Test
	void reportsABadRegularExpression() {
		List<PlanError> errors = errorsOf("checks: [{name: logs, logs: {pattern: 'Logical (error'}}]\n" + MINIMAL);

		assertThat(errors).singleElement().satisfies((error) -> {
			assertThat(error.line()).isEqualTo(1);
			assertThat(error.column()).isEqualTo(39);
			assertThat(error.field()).isEqualTo("checks[0].logs.pattern");
			assertThat(error.message()).startsWith("invalid regular expression: Unclosed group");
		});
	}

	@Test
	void reportsAThresholdOfTheWrongType() {
		List<PlanError> errors = errorsOf("""
				checks:
				  - {name: a, prometheus: {query: up, over: ten}}
				  - {name: b, prometheus: {query: up, over: "10"}}
				  - {name: c, prometheus: {query: up, baseline: {ratio: 0}}}
				  - {name: d, logs: {pattern: x, max: 1.5}}
				  - {name: e, http: {url: 'http://x', status: 700}}
				""" + MINIMAL);

		assertThat(errors).containsExactly(
				error(2, 45, "checks[0].prometheus.over", "must be a number, such as 10 or 0.5, not the text 'ten'"),
				error(3, 45, "checks[1].prometheus.over", "must be a number, such as 10 or 0.5, not the text '10'"),
				error(4, 57, "checks[2].prometheus.baseline.ratio", "must be above 0, not 0.0"),
				error(5, 39, "checks[3].logs.max", "must be a whole number, not '1.5'"),
				error(6, 47, "checks[4].http.status", "must be an HTTP status from 100 to 599, not 700"));
	}

	@Test
	void reportsACheckWithNoTargetAndOneWithTwoKinds() {
		List<PlanError> errors = errorsOf("""
				checks:
				  - name: nothing
				    onFailure: fail
				  - name: both
				    pods: {}
				    logs: {pattern: x}
				""" + MINIMAL);

		assertThat(errors).containsExactly(
				error(2, 5, "checks[0]",
						"has no target: name one of prometheus, pods, logs, http (such as pods: {}), or a step"),
				error(6, 5, "checks[1].logs",
						"a check has one kind, and this one is pods already; write logs as a check of its own"));
	}

	@Test
	void reportsAnUnknownOnFailureWithTheClosestOne() {
		List<PlanError> errors = errorsOf("checks: [{name: p, pods: {}, onFailure: paus}]\n" + MINIMAL);

		assertThat(errors).containsExactly(
				error(1, 41, "checks[0].onFailure", "must be pause, fail, record, not 'paus'; did you mean 'pause'?"));
	}

	@Test
	void reportsAPrometheusCheckWithoutAComparisonOrWithTwo() {
		List<PlanError> errors = errorsOf("""
				checks:
				  - {name: a, prometheus: {query: up}}
				  - {name: b, prometheus: {query: up, over: 1, baseline: {ratio: 2}}}
				  - {name: c, pods: {}, onNoData: pass}
				""" + MINIMAL);

		assertThat(errors).containsExactly(error(2, 27, "checks[0].prometheus",
				"needs a threshold, such as over: 10, or a baseline of the clusters not yet upgraded, such as baseline: {ratio: 2}"),
				error(3, 48, "checks[1].prometheus.baseline",
						"is not allowed with over: compare with one or the other"),
				error(4, 25, "checks[2].onNoData", "is allowed only with prometheus"));
	}

	@Test
	void reportsDuplicateCheckNamesAndAStepWithSettingsOfItsOwn() {
		List<PlanError> errors = errorsOf("""
				checks:
				  - {name: p, pods: {}}
				  - {name: p, pods: {}}
				  - {step: clickhouse-errors, name: mine, pods: {}}
				""" + MINIMAL);

		assertThat(errors).containsExactly(
				error(3, 12, "checks[1].name",
						"duplicate check name 'p'; check names must be unique within a list of checks"),
				error(4, 31, "checks[2].name",
						"is not allowed with step: a step's definition is in its file, and its name is the file's"),
				error(4, 43, "checks[2].pods", "is not allowed with step: a step's definition is in its file"));
	}

	@Test
	void reportsAProblemInTheDefaultsOnceAndABadSoak() {
		List<PlanError> errors = errorsOf("""
				defaults:
				  soak: 5 minutes
				  checks: [{name: p, pods: {restarts: -1}}]
				""" + MINIMAL + "  - name: prod\n    groups: [{name: g, contexts: [c]}]\n");

		assertThat(errors).extracting(PlanError::field)
			.containsExactly("defaults.soak", "defaults.checks[0].pods.restarts");
	}

	private List<PlanError> errorsOf(String yaml) {
		PlanException exception = catchThrowableOfType(PlanException.class, () -> this.loader.load("plan.yaml", yaml));
		assertThat(exception).as("loading should fail").isNotNull();
		return exception.errors();
	}

	private static PlanError error(int line, int column, String field, String message) {
		return new PlanError("plan.yaml", line, column, field, message);
	}

}
