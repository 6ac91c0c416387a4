package io.flotilla.plan.yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.flotilla.plan.Change;
import io.flotilla.plan.Change.Operation;
import io.flotilla.plan.Durations;
import io.flotilla.plan.FailureBudget;
import io.flotilla.plan.FieldPath;
import io.flotilla.plan.Group;
import io.flotilla.plan.OnConflict;
import io.flotilla.plan.Plan;
import io.flotilla.plan.check.CheckPolicy;
import io.flotilla.plan.check.Check;
import io.flotilla.plan.Readiness;
import io.flotilla.plan.RestartPolicy;
import io.flotilla.plan.Stage;
import io.flotilla.plan.Target;
import io.flotilla.plan.VersionOrder;
import io.flotilla.plan.yaml.PlanException.PlanError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

class PlanLoaderTests {

	private static final String MINIMAL = """
			selector: {app: ch}
			version: {path: spec.image, target: "25.3"}
			changes: [{op: add_or_update, path: spec.image, value: "ch:${version}"}]
			stages:
			  - name: dev
			    groups: [{name: g, contexts: [c]}]
			""";

	private final PlanLoader loader = new PlanLoader();

	@Test
	void loadsEveryFieldOfAFullPlan() {
		Plan plan = this.loader.load(Path.of("src/test/resources/plans/full.yaml"));

		assertThat(plan.name()).isEqualTo("full");
		assertThat(plan.target()).isEqualTo(new Target("clickhouse.altinity.com/v1", "ClickHouseInstallation"));
		assertThat(plan.selector()).containsExactly(Map.entry("app.kubernetes.io/name", "clickhouse"));
		assertThat(plan.namespaces()).containsExactly("tenants-a", "tenants-b");
		assertThat(plan.version().path())
			.hasToString("spec.templates.podTemplates[name=default].spec.containers[name=clickhouse].image");
		assertThat(plan.version().extract("clickhouse/clickhouse-server:24.8")).contains("24.8");
		assertThat(plan.readiness()).isEqualTo(new Readiness(FieldPath.parse("status.status"), "Completed"));
		assertThat(plan.windows()).hasToString("Mon-Thu 09:00-16:00 Europe/Berlin, Fri 22:00-02:00 UTC");
		assertThat(plan.stages()).extracting((stage) -> stage.windows().toString())
			.containsExactly("Mon-Thu 09:00-16:00 Europe/Berlin, Fri 22:00-02:00 UTC", "Sat-Sun 00:00-24:00 UTC");
		assertThat(plan.restart()).isEqualTo(new RestartPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(30)));
	}

	@Test
	void keepsAnUnquotedVersionAsWritten() {
		Plan plan = this.loader.load(Path.of("src/test/resources/plans/full.yaml"));

		assertThat(plan.targetVersion()).isEqualTo("25.3");
		assertThat(this.loader.load("plan.yaml", MINIMAL.replace("\"25.3\"", "25.10")).targetVersion())
			.isEqualTo("25.10");
	}

	@Test
	void versionsOrderNumericallyAndAllowNoDowngradeByDefault() {
		Plan plan = this.loader.load("plan.yaml", MINIMAL);

		assertThat(plan.version().order()).isEqualTo(VersionOrder.NUMERIC);
		assertThat(plan.version().allowDowngrade()).isFalse();
		assertThat(plan.version().isNewerThanTarget("25.3.2.47465")).isTrue();
		assertThat(plan.version().isNewerThanTarget("24.12")).isFalse();
	}

	@Test
	void readsTheVersionOrderAndWhetherDowngradesAreAllowed() {
		Plan plan = this.loader.load("plan.yaml",
				MINIMAL.replace("target: \"25.3\"}", "target: \"1.4.0\", order: semver}") + "allowDowngrade: true\n");

		assertThat(plan.version().order()).isEqualTo(VersionOrder.SEMVER);
		assertThat(plan.version().allowDowngrade()).isTrue();
	}

	@Test
	void aReleaseIsRefusedOverClustersOthersHoldUnlessThePlanSaysToSkipOrWaitForThem() {
		assertThat(this.loader.load("plan.yaml", MINIMAL).onConflict()).isEqualTo(OnConflict.REFUSE);
		assertThat(this.loader.load("plan.yaml", MINIMAL + "onConflict: skip\n").onConflict())
			.isEqualTo(OnConflict.SKIP);
		assertThat(this.loader.load("plan.yaml", MINIMAL + "onConflict: Wait\n").onConflict())
			.isEqualTo(OnConflict.WAIT);
	}

	@Test
	void anUnknownOnConflictIsReportedWithWhereItIsAndTheChoices() {
		int line = (int) MINIMAL.lines().count() + 1;

		List<PlanError> errors = errorsOf(MINIMAL + "onConflict: skipp\n");

		assertThat(errors).containsExactly(
				error(line, 13, "onConflict", "must be refuse, skip, wait, not 'skipp'; did you mean 'skip'?"));
	}

	@Test
	void anUnknownVersionOrderIsReportedWithWhereItIsAndTheOrdersThereAre() {
		List<PlanError> errors = errorsOf(MINIMAL.replace("target: \"25.3\"}", "target: \"25.3\", order: numerc}"));

		assertThat(errors).containsExactly(
				error(2, 52, "version.order", "must be numeric, semver, none, not 'numerc'; did you mean 'numeric'?"));
	}

	@Test
	void replacesVersionInChangeValuesAndKeepsScalarTypes() {
		Plan plan = this.loader.load(Path.of("src/test/resources/plans/full.yaml"));

		assertThat(plan.changes()).extracting(Change::operation)
			.containsExactly(Operation.ADD_OR_UPDATE, Operation.ADD_OR_UPDATE, Operation.REMOVE);
		assertThat(plan.changes().get(0).value()).isEqualTo("clickhouse/clickhouse-server:25.3");
		assertThat(plan.changes().get(1).value())
			.isEqualTo(Map.of("flotilla.io/version", "25.3", "flotilla.io/replicas", 3, "flotilla.io/paused", false));
		assertThat(plan.changes().get(2).path()).isEqualTo(FieldPath.parse("metadata.labels.\"flotilla.io/pinned\""));
		assertThat(plan.changes().get(2).value()).isNull();
	}

	@Test
	void fillsStageSettingsFromDefaultsThenBuiltIns() {
		Plan plan = this.loader.load(Path.of("src/test/resources/plans/full.yaml"));

		Stage dev = plan.stages().get(0);
		assertThat(dev.name()).isEqualTo("dev");
		assertThat(dev.waveSize()).isEqualTo(3);
		assertThat(dev.firstWaveSize()).isEqualTo(1);
		assertThat(dev.parallelism()).as("default 5, capped at the wave size").isEqualTo(3);
		assertThat(dev.readyTimeout()).isEqualTo(Duration.ofMinutes(2));
		assertThat(dev.failureBudget()).isEqualTo(FailureBudget.ofPercent(5));
		assertThat(dev.bake()).isEqualTo(Duration.ofMinutes(90));
		assertThat(dev.groups()).containsExactly(
				new Group("us-east-1", List.of("us-east-1"), Map.of("flotilla.io/tier", "dev")),
				new Group("eu", List.of("eu-west-1", "eu-central-1"), Map.of()));
		Stage prod = plan.stages().get(1);
		assertThat(prod.waveSize()).isEqualTo(10);
		assertThat(prod.firstWaveSize()).isZero();
		assertThat(prod.parallelism()).isEqualTo(5);
		assertThat(prod.readyTimeout()).isEqualTo(Duration.ofMinutes(2));
		assertThat(prod.failureBudget()).isEqualTo(FailureBudget.ofCount(2));
		assertThat(prod.bake()).isZero();
	}

	@Test
	void needsNoApprovalAndDoesNotPauseUnlessThePlanSaysSo() {
		Plan plan = this.loader.load("plan.yaml", MINIMAL);

		assertThat(plan.approval()).isFalse();
		assertThat(plan.stages().get(0).approval()).isFalse();
		assertThat(plan.stages().get(0).pauseAfterFirstWave()).isFalse();
	}

	@Test
	void takesGatesFromTheStageThenFromDefaults() {
		Plan plan = this.loader.load("plan.yaml", """
				approval: required
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				defaults:
				  approval: required
				  pauseAfterFirstWave: true
				stages:
				  - name: dev
				    approval: none
				    groups: [{name: g, contexts: [c]}]
				  - name: staging
				    pauseAfterFirstWave: false
				    groups: [{name: g, contexts: [c]}]
				  - name: prod
				    groups: [{name: g, contexts: [c]}]
				""");

		assertThat(plan.approval()).isTrue();
		assertThat(plan.stages()).extracting(Stage::name, Stage::approval, Stage::pauseAfterFirstWave)
			.containsExactly(tuple("dev", false, true), tuple("staging", true, false), tuple("prod", true, true));
	}

	@Test
	void takesGatesWrittenOnlyOnAStage() {
		Plan plan = this.loader.load("plan.yaml",
				MINIMAL.replace("- name: dev", "- name: dev\n    approval: required\n    pauseAfterFirstWave: TRUE"));

		assertThat(plan.approval()).isFalse();
		assertThat(plan.stages().get(0).approval()).isTrue();
		assertThat(plan.stages().get(0).pauseAfterFirstWave()).isTrue();
	}

	@Test
	void marksOnlyTheStagesThatSayTheyAreProduction() {
		Plan plan = this.loader.load("plan.yaml", MINIMAL + """
				  - name: prod
				    production: true
				    groups: [{name: g, contexts: [c]}]
				""");

		assertThat(plan.stages()).extracting(Stage::name, Stage::production)
			.containsExactly(tuple("dev", false), tuple("prod", true));
	}

	@Test
	void reportsAProductionThatIsNotABooleanWhereItIsWritten() {
		List<PlanError> errors = errorsOf(MINIMAL.replace("- name: dev", "- name: dev\n    production: prod"));

		assertThat(errors).containsExactly(error(6, 17, "stages[0].production", "must be true or false, not 'prod'"));
	}

	@Test
	void defaultsToStatefulSetsWithBuiltInReadinessAndNamesThePlanAfterItsFile() {
		Plan plan = this.loader.load("jobs/nightly.yml", MINIMAL);

		assertThat(plan.name()).isEqualTo("nightly");
		assertThat(plan.target()).isEqualTo(Target.STATEFUL_SET);
		assertThat(plan.readiness()).isEqualTo(Readiness.STATEFUL_SET);
		assertThat(plan.namespaces()).isEmpty();
		assertThat(plan.version().pattern()).isNull();
		Stage stage = plan.stages().get(0);
		assertThat(stage.readyTimeout()).isEqualTo(Duration.ofMinutes(10));
		assertThat(stage.failureBudget()).isEqualTo(FailureBudget.ofCount(0));
	}

	@Test
	void takesTheNameFromThePlanWhenGiven() {
		Plan plan = this.loader.load("jobs/nightly.yaml", "name: weekly\n" + MINIMAL);

		assertThat(plan.name()).isEqualTo("weekly");
	}

	@Test
	void loadsTheDemoPlanWithTheShippedSteps() {
		Plan plan = this.loader.withSteps(new StepLoader().loadDirectory(Path.of("steps")))
			.load(Path.of("jobs/demo-clickhouse.yaml"));

		assertThat(plan.name()).isEqualTo("demo-clickhouse");
		assertThat(plan.targetVersion()).isEqualTo("25.3");
		assertThat(plan.changes().get(0).value()).isEqualTo("clickhouse/clickhouse-server:25.3");
		assertThat(plan.stages()).extracting(Stage::name).containsExactly("dev", "staging", "prod");
		assertThat(plan.stages()).allSatisfy((stage) -> assertThat(stage.groups()).extracting(Group::contexts)
			.containsExactly(List.of("us-east-1"), List.of("eu-west-1"), List.of("ap-south-1")));
		assertThat(plan.stages().get(0).firstWaveSize()).isEqualTo(1);
		assertThat(plan.stages().get(0).bake()).isEqualTo(Duration.ofSeconds(10));
		assertThat(plan.stages().get(2).bake()).isZero();
		assertThat(plan.stages().get(2).production()).isTrue();
		assertThat(plan.stages().get(0).soak()).isEqualTo(Duration.ofSeconds(15));
		assertThat(plan.stages().get(2).soak()).isZero();
		assertThat(plan.stages())
			.allSatisfy((stage) -> assertThat(stage.checks()).extracting(Check::name, Check::onFailure)
				.containsExactly(tuple("pods-healthy", CheckPolicy.PAUSE),
						tuple("clickhouse-logical-errors", CheckPolicy.PAUSE)));
	}

	@Test
	void reportsUnknownFieldWithSuggestion() {
		List<PlanError> errors = errorsOf("""
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				stages:
				  - name: dev
				    wavesize: 3
				    groups: [{name: g, contexts: [c]}]
				""");

		assertThat(errors)
			.containsExactly(error(6, 5, "stages[0].wavesize", "unknown field 'wavesize'; did you mean 'waveSize'?"));
	}

	@Test
	void reportsUnknownFieldWithTheFieldsToChooseFrom() {
		List<PlanError> errors = errorsOf("owner: team-db\n" + MINIMAL);

		assertThat(errors).containsExactly(error(1, 1, "owner",
				"unknown field 'owner'; expected one of: name, target,"
						+ " selector, namespaces, version, changes, readiness, defaults, stages, approval, approvers,"
						+ " allowDowngrade, onConflict, windows, restart, checks, steps"));
	}

	@Test
	void reportsBadDuration() {
		List<PlanError> errors = errorsOf("""
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				stages:
				  - name: dev
				    bake: 10 minutes
				    groups: [{name: g, contexts: [c]}]
				""");

		// the loader reports what Durations says, whose wording DurationsTests pins down
		String durationProblem = catchThrowableOfType(IllegalArgumentException.class,
				() -> Durations.parse("10 minutes"))
			.getMessage();
		assertThat(errors).containsExactly(error(6, 11, "stages[0].bake", durationProblem));
	}

	@Test
	void reportsZeroReadyTimeout() {
		List<PlanError> errors = errorsOf("defaults: {readyTimeout: 0s}\n" + MINIMAL);

		assertThat(errors).containsExactly(error(1, 26, "defaults.readyTimeout", "must be longer than zero"));
	}

	@Test
	void reportsBadPath() {
		List<PlanError> errors = errorsOf("""
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec..image}]
				stages:
				  - name: dev
				    groups: [{name: g, contexts: [c]}]
				""");

		assertThat(errors).containsExactly(error(3, 30, "changes[0].path",
				"invalid path: expected a field name at character 6 of 'spec..image' but found '.'"));
	}

	@Test
	void reportsBadRegexAndRegexWithoutCaptureGroup() {
		List<PlanError> errors = errorsOf("""
				selector: {app: ch}
				version:
				  path: spec.image
				  pattern: '(['
				  target: "25.3"
				changes: [{op: remove, path: spec.image}]
				stages: [{name: dev, groups: [{name: g, contexts: [c]}]}]
				""");
		List<PlanError> withoutGroup = errorsOf(MINIMAL.replace("target:", "pattern: ':.+$', target:"));

		assertThat(errors).containsExactly(
				error(4, 12, "version.pattern", "invalid regular expression: Unclosed character class at character 2"));
		assertThat(withoutGroup).containsExactly(
				error(2, 38, "version.pattern", "must have a capture group around the version, such as ':([^:]+)$'"));
	}

	@Test
	void reportsEmptyStages() {
		List<PlanError> errors = errorsOf("""
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				stages: []
				""");

		assertThat(errors).containsExactly(error(4, 9, "stages", "must not be empty"));
	}

	@Test
	void reportsStagesWithoutGroups() {
		List<PlanError> errors = errorsOf("""
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				stages:
				  - name: dev
				  - name: prod
				    groups: []
				""");

		assertThat(errors).containsExactly(error(5, 5, "stages[0].groups", "is required"),
				error(7, 13, "stages[1].groups", "must not be empty"));
	}

	@Test
	void reportsDuplicateStageNameOnTheSecondOccurrence() {
		List<PlanError> errors = errorsOf("""
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				stages:
				  - name: dev
				    groups: [{name: g, contexts: [c]}]
				  - name: dev
				    groups: [{name: g, contexts: [c]}]
				""");

		assertThat(errors)
			.containsExactly(error(7, 11, "stages[1].name", "duplicate stage name 'dev'; stage names must be unique"));
	}

	@Test
	void reportsDuplicateGroupNameWithinAStage() {
		List<PlanError> errors = errorsOf("""
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				stages:
				  - name: dev
				    groups:
				      - name: g
				        contexts: [c]
				      - name: g
				        contexts: []
				""");

		assertThat(errors).containsExactly(
				error(9, 15, "stages[0].groups[1].name",
						"duplicate group name 'g'; group names must be unique within a stage"),
				error(10, 19, "stages[0].groups[1].contexts", "must not be empty"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "101%", "-1", "five", "2.5", "'%'" })
	void reportsBadFailureBudget(String budget) {
		List<PlanError> errors = errorsOf("""
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				stages:
				  - name: dev
				    failureBudget: %s
				    groups: [{name: g, contexts: [c]}]
				""".formatted(budget));

		assertThat(errors).containsExactly(error(6, 20, "stages[0].failureBudget",
				"must be a number of clusters (0 or more) or a percentage from 0% to 100%, such as 5%, not '"
						+ budget.replace("'", "") + "'"));
	}

	@Test
	void reportsBadGatesWithWhereTheyAreWritten() {
		List<PlanError> errors = errorsOf("""
				approval: maybe
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				defaults: {pauseAfterFirstWave: sometimes}
				stages:
				  - name: dev
				    approval: requried
				    pauseAfterFirstWave: yes
				    groups: [{name: g, contexts: [c]}]
				""");

		assertThat(errors).containsExactly(error(1, 11, "approval", "must be 'required' or 'none', not 'maybe'"),
				error(5, 33, "defaults.pauseAfterFirstWave", "must be true or false, not 'sometimes'"),
				error(8, 15, "stages[0].approval",
						"must be 'required' or 'none', not 'requried'; did you mean 'required'?"),
				error(9, 26, "stages[0].pauseAfterFirstWave", "must be true or false, not 'yes'"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			true       | must be 'required' or 'none', not 'true'
			Required   | must be 'required' or 'none', not 'Required'; did you mean 'required'?
			[required] | must be a single value, not a list
			""")
	void reportsApprovalThatIsNotRequiredOrNone(String approval, String message) {
		List<PlanError> errors = errorsOf("defaults: {approval: %s}\n".formatted(approval) + MINIMAL);

		assertThat(errors).containsExactly(error(1, 22, "defaults.approval", message));
	}

	@Test
	void suggestsTheGateFieldsForTypos() {
		List<PlanError> errors = errorsOf(
				"aproval: required\n" + MINIMAL.replace("- name: dev", "- name: dev\n    pauseAfterFirstwave: true"));

		assertThat(errors).containsExactly(error(1, 1, "aproval", "unknown field 'aproval'; did you mean 'approval'?"),
				error(7, 5, "stages[0].pauseAfterFirstwave",
						"unknown field 'pauseAfterFirstwave'; did you mean 'pauseAfterFirstWave'?"));
	}

	@Test
	void reportsFirstWaveLargerThanWave() {
		List<PlanError> errors = errorsOf("""
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				stages:
				  - name: dev
				    waveSize: 3
				    firstWaveSize: 4
				    groups: [{name: g, contexts: [c]}]
				""");

		assertThat(errors)
			.containsExactly(error(7, 20, "stages[0].firstWaveSize", "must not exceed waveSize (3) of stage 'dev'"));
	}

	@Test
	void reportsADefaultThatDoesNotFitAStageAtTheDefault() {
		List<PlanError> errors = errorsOf("defaults: {firstWaveSize: 12}\n" + MINIMAL);

		assertThat(errors)
			.containsExactly(error(1, 27, "defaults.firstWaveSize", "must not exceed waveSize (10) of stage 'dev'"));
	}

	@Test
	void reportsMissingVersionTargetAtTheVersionMap() {
		List<PlanError> errors = errorsOf(MINIMAL.replace(", target: \"25.3\"", ""));

		assertThat(errors).containsExactly(error(2, 10, "version.target", "is required"));
	}

	@Test
	void reportsUnknownVariable() {
		List<PlanError> errors = errorsOf(MINIMAL.replace("${version}", "${tag}"));

		assertThat(errors).containsExactly(
				error(3, 56, "changes[0].value", "unknown variable '${tag}'; only ${version} is supported"));
	}

	@Test
	void reportsValueWithRemoveAndMissingValueWithAddOrUpdate() {
		List<PlanError> errors = errorsOf("""
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes:
				  - {op: remove, path: spec.image, value: x}
				  - {op: add_or_update, path: spec.image}
				stages: [{name: dev, groups: [{name: g, contexts: [c]}]}]
				""");

		assertThat(errors).containsExactly(error(4, 36, "changes[0].value", "is not allowed with op remove"),
				error(5, 5, "changes[1].value", "is required"));
	}

	@Test
	void reportsCustomResourceWithoutReadiness() {
		List<PlanError> errors = errorsOf("target: {apiVersion: example.com/v1, kind: Database}\n" + MINIMAL);

		assertThat(errors).containsExactly(
				error(1, 1, "readiness", "is required for Database: only StatefulSet has built-in readiness rules"));
	}

	@Test
	void reportsWrongNodeTypes() {
		List<PlanError> errors = errorsOf("""
				selector: [app, ch]
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				stages: {name: dev}
				""");

		assertThat(errors).containsExactly(error(1, 11, "selector", "must be a map, not a list"),
				error(4, 9, "stages", "must be a list, not a map"));
	}

	@Test
	void reportsNumbersOutOfRange() {
		List<PlanError> errors = errorsOf("defaults: {waveSize: 0, parallelism: 99999999999}\n" + MINIMAL);

		assertThat(errors).containsExactly(error(1, 22, "defaults.waveSize", "must be at least 1, not 0"),
				error(1, 38, "defaults.parallelism", "must be at most 2147483647, not 99999999999"));
	}

	@Test
	void reportsFieldNamesThatAreNotSingleValues() {
		List<PlanError> errors = errorsOf(MINIMAL + "[a]: x\n");

		assertThat(errors).containsExactly(error(7, 1, "", "a field name must be a single value, not a list"));
	}

	@Test
	void reportsAValueThatContainsItself() {
		List<PlanError> errors = errorsOf(MINIMAL.replace("value: \"ch:${version}\"", "value: &v {x: *v}"));

		assertThat(errors)
			.containsExactly(error(3, 56, "changes[0].value.x", "must not contain itself through an alias"));
	}

	@Test
	void reportsDuplicateFields() {
		List<PlanError> errors = errorsOf("selector: {app: db}\n" + MINIMAL);

		assertThat(errors).containsExactly(error(2, 1, "selector", "duplicate field 'selector'"));
	}

	@Test
	void reportsYamlSyntaxErrorWithItsLocation() {
		List<PlanError> errors = errorsOf("""
				selector: {app: ch}
				version:
				  path: spec.image
				   target: "25.3"
				""");

		assertThat(errors).containsExactly(error(4, 10, "", "invalid YAML: mapping values are not allowed here"));
	}

	@Test
	void reportsEmptyPlan() {
		assertThat(errorsOf("# nothing yet\n")).containsExactly(error(1, 1, "", "plan is empty"));
	}

	@Test
	void reportsEveryProblemTogetherInFileOrder() {
		List<PlanError> errors = errorsOf("""
				selector: {app: ch}
				version: {path: spec.image}
				changes: [{op: remove, path: spec.image}]
				stages:
				  - name: dev
				    bake: 5x
				    groups: [{name: g, contexts: [c]}]
				  - name: dev
				    paralelism: 2
				""");

		assertThat(errors).extracting(PlanError::line, PlanError::field)
			.containsExactly(tuple(2, "version.target"), tuple(6, "stages[0].bake"), tuple(8, "stages[1].groups"),
					tuple(8, "stages[1].name"), tuple(9, "stages[1].paralelism"));
		assertThat(new PlanException(errors)).hasMessageContaining(
				"plan.yaml:9:5: stages[1].paralelism: unknown field 'paralelism'; did you mean 'parallelism'?");
	}

	@Test
	void reportsAMissingFileWithoutAPosition() {
		Path missing = Path.of("src/test/resources/plans/missing.yaml");

		PlanException exception = catchThrowableOfType(PlanException.class, () -> this.loader.load(missing));

		assertThat(exception.errors()).containsExactly(new PlanError(missing.toString(), 0, 0, "", "does not exist"));
		assertThat(exception).hasMessage(missing + ": does not exist");
	}

	@Test
	void reportsADirectoryWithoutAPosition() {
		Path directory = Path.of("src/test/resources/plans");

		PlanException exception = catchThrowableOfType(PlanException.class, () -> this.loader.load(directory));

		assertThat(exception).hasMessage(directory + ": is a directory, not a plan file");
	}

	@Test
	void reportsTheFirstByteThatIsNotUtf8WhereItIs(@TempDir Path directory) throws IOException {
		Path file = directory.resolve("plan.yaml");
		byte[] utf8 = "selector: {app: ü".getBytes(StandardCharsets.UTF_8);
		Files.write(file, utf8);
		Files.write(file, new byte[] { (byte) 0xFF }, StandardOpenOption.APPEND);
		Files.write(file, "}\nname: x\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

		PlanException exception = catchThrowableOfType(PlanException.class, () -> this.loader.load(file));

		assertThat(exception.errors()).containsExactly(
				new PlanError(file.toString(), 1, 18, "", "is not UTF-8 (byte 0xFF); save the plan as UTF-8"));
	}

	@Test
	void reportsAnAliasBombInWordsWithoutAPosition() {
		StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
		for (char name = 'b'; name <= 'h'; name++) {
			String aliases = String.join(", ", Collections.nCopies(9, "*" + (char) (name - 1)));
			bomb.append("%s: &%s [%s]\n".formatted(name, name, aliases));
		}

		List<PlanError> errors = errorsOf(bomb.toString());

		assertThat(errors).containsExactly(error(0, 0, "",
				"invalid YAML: more than 50 aliases (*name) of lists or maps: a plan may have at most 50, so that a"
						+ " small file cannot expand to an enormous one"));
		assertThat(errors.get(0)).hasToString("plan.yaml: invalid YAML: more than 50 aliases (*name) of lists or"
				+ " maps: a plan may have at most 50, so that a small file cannot expand to an enormous one");
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
