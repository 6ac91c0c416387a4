package io.flotilla.plan.yaml;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.plan.yaml.PlanException.PlanError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Who may pass a plan's gates: {@code approvers} on the plan, in {@code defaults} and on
 * a stage, and the groups a loader knows of.
 */
class ApproversTests {

	private static final String MINIMAL = """
			selector: {app: ch}
			version: {path: spec.image, target: "25.3"}
			changes: [{op: remove, path: spec.image}]
			stages:
			  - name: dev
			    groups: [{name: g, contexts: [c]}]
			""";

	private static final String NO_GROUPS = "no groups exist: assign groups to users with `flotilla user create"
			+ " --group` or list single sign-on groups in flotilla.security.groups";

	private final PlanLoader checking = PlanLoader.checkingGroups(Set.of("sre-leads", "dba", "developers"));

	@Test
	void anyoneWithTheOperatorRoleMayPassAGateUnlessThePlanNamesApprovers() {
		Plan plan = new PlanLoader().load("plan.yaml", "approval: required\n" + MINIMAL);

		assertThat(plan.approvers()).isEmpty();
		assertThat(plan.stages().get(0).approvers()).isEmpty();
	}

	@Test
	void readsThePlansApproversInTheOrderWritten() {
		Plan plan = this.checking.load("plan.yaml", "approval: required\napprovers: [sre-leads, dba]\n" + MINIMAL);

		assertThat(plan.approval()).isTrue();
		assertThat(plan.approvers()).containsExactly("sre-leads", "dba");
	}

	@Test
	void aStageTakesApproversFromItselfThenFromDefaultsThenFromThePlan() {
		Plan plan = this.checking.load("plan.yaml", """
				approvers: [dba]
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				defaults:
				  approval: required
				  approvers: [sre-leads]
				stages:
				  - name: dev
				    approvers: [developers, dba]
				    groups: [{name: g, contexts: [c]}]
				  - name: prod
				    groups: [{name: g, contexts: [c]}]
				""");

		assertThat(plan.approvers()).containsExactly("dba");
		assertThat(plan.stages()).extracting(Stage::name, Stage::approvers)
			.containsExactly(tuple("dev", List.of("developers", "dba")), tuple("prod", List.of("sre-leads")));
	}

	@Test
	void aStageThatNamesNoApproversNeitherItselfNorInDefaultsTakesThePlans() {
		Plan plan = this.checking.load("plan.yaml", """
				approvers: [sre-leads]
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				defaults: {pauseAfterFirstWave: true}
				stages:
				  - name: dev
				    groups: [{name: g, contexts: [c]}]
				  - name: staging
				    approvers: [developers]
				    groups: [{name: g, contexts: [c]}]
				  - name: prod
				    approvers:
				    groups: [{name: g, contexts: [c]}]
				""");

		assertThat(plan.stages()).extracting(Stage::name, Stage::approvers)
			.containsExactly(tuple("dev", List.of("sre-leads")), tuple("staging", List.of("developers")),
					tuple("prod", List.of("sre-leads")));
	}

	@Test
	void anEmptyListLetsAnyoneWithTheOperatorRolePassWhereTheDefaultsWouldNot() {
		Plan plan = this.checking.load("plan.yaml", "defaults: {approvers: [sre-leads]}\n"
				+ MINIMAL.replace("- name: dev", "- name: dev\n    approvers: []"));

		assertThat(plan.stages().get(0).approvers()).isEmpty();
	}

	@Test
	void reportsAnUnknownGroupAtItsListItemWithTheKnownGroupsAndTheClosestOne() {
		List<PlanError> errors = errorsOf(this.checking,
				MINIMAL.replace("- name: dev", "- name: dev\n    approvers: [dba, sre-lead, ops]"));

		assertThat(errors).containsExactly(
				error(6, 22, "stages[0].approvers[1]",
						"unknown approver group 'sre-lead' (known groups: dba, developers, sre-leads);"
								+ " did you mean 'sre-leads'?"),
				error(6, 32, "stages[0].approvers[2]",
						"unknown approver group 'ops' (known groups: dba, developers, sre-leads)"));
		assertThat(new PlanException(errors))
			.hasMessageStartingWith("plan.yaml:6:22: stages[0].approvers[1]: unknown approver group 'sre-lead'");
	}

	@Test
	void groupsAreMatchedExactlyButACaseSlipIsAnsweredWithTheGroup() {
		List<PlanError> errors = errorsOf(this.checking, "approvers: [DBA]\n" + MINIMAL);

		assertThat(errors).containsExactly(error(1, 13, "approvers[0]",
				"unknown approver group 'DBA' (known groups: dba, developers, sre-leads); did you mean 'dba'?"));
	}

	@Test
	void reportsAnUnknownGroupInDefaultsOnceAtTheDefaultsHoweverManyStagesTakeIt() {
		List<PlanError> errors = errorsOf(this.checking, "defaults: {approvers: [dbas]}\n" + MINIMAL
				+ "  - name: prod\n    groups: [{name: g, contexts: [c]}]\n");

		assertThat(errors).containsExactly(error(1, 24, "defaults.approvers[0]",
				"unknown approver group 'dbas' (known groups: dba, developers, sre-leads); did you mean 'dba'?"));
	}

	@Test
	void listsAtMostTwentyKnownGroups() {
		Set<String> many = IntStream.rangeClosed(1, 25)
			.mapToObj((n) -> "team-%02d".formatted(n))
			.collect(Collectors.toSet());

		List<PlanError> errors = errorsOf(PlanLoader.checkingGroups(many), "approvers: [sre-leads]\n" + MINIMAL);

		String first20 = IntStream.rangeClosed(1, 20)
			.mapToObj((n) -> "team-%02d".formatted(n))
			.collect(Collectors.joining(", "));
		assertThat(errors).containsExactly(error(1, 13, "approvers[0]",
				"unknown approver group 'sre-leads' (known groups: " + first20 + " and 5 more)"));
	}

	@Test
	void saysThatNoGroupsExistWhenTheLoaderKnowsNone() {
		List<PlanError> errors = errorsOf(PlanLoader.checkingGroups(Set.of()), "approvers: [sre-leads]\n" + MINIMAL);

		assertThat(errors)
			.containsExactly(error(1, 13, "approvers[0]", "unknown approver group 'sre-leads'; " + NO_GROUPS));
	}

	@Test
	void anEmptyListNeedsNoGroupsToExist() {
		Plan plan = PlanLoader.checkingGroups(Set.of()).load("plan.yaml", "approvers: []\n" + MINIMAL);

		assertThat(plan.approvers()).isEmpty();
	}

	@Test
	void thePlainLoaderDoesNotAskWhetherGroupsExist() {
		Plan plan = new PlanLoader().load("plan.yaml",
				"approvers: [anyone-at-all]\n" + MINIMAL.replace("- name: dev", "- name: dev\n    approvers: [x]"));

		assertThat(plan.approvers()).containsExactly("anyone-at-all");
		assertThat(plan.stages().get(0).approvers()).containsExactly("x");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					approvers: sre-leads              | 12 | approvers          | must be a list of group names, such as [sre-leads], not a single value
					approvers: dba                    | 12 | approvers          | must be a list of group names, such as [dba], not a single value
					approvers: sre leads              | 12 | approvers          | must be a list of group names, such as [sre-leads], not a single value
					defaults: {approvers: {sre: dba}} | 23 | defaults.approvers | must be a list of group names, such as [sre-leads], not a map
					""")
	void reportsApproversThatAreNotAList(String line, int column, String field, String message) {
		List<PlanError> errors = errorsOf(new PlanLoader(), line + "\n" + MINIMAL);

		assertThat(errors).containsExactly(error(1, column, field, message));
	}

	@Test
	void reportsGroupNamesThatAreEmptyHaveWhitespaceOrAreTooLong() {
		String longest = "g".repeat(100);
		List<PlanError> errors = errorsOf(new PlanLoader(), """
				approvers:
				  - ""
				  - "  "
				  - sre leads
				  - "dba\\t"
				  - %s
				  - %s
				  - [dba]
				""".formatted(longest, longest + "g") + MINIMAL);

		assertThat(errors).containsExactly(error(2, 5, "approvers[0]", "must not be empty"),
				error(3, 5, "approvers[1]", "must not be empty"),
				error(4, 5, "approvers[2]", "group name must not contain whitespace, not 'sre leads'"),
				error(5, 5, "approvers[3]", "group name must not contain whitespace, not 'dba\t'"),
				error(7, 5, "approvers[5]", "group name must be at most 100 characters, not 101"),
				error(8, 5, "approvers[6]", "must be a single value, not a list"));
	}

	@Test
	void reportsAnItemWrittenWithoutAValue() {
		List<PlanError> errors = errorsOf(new PlanLoader(), "approvers: [dba, ~]\n" + MINIMAL);

		assertThat(errors).containsExactly(error(1, 18, "approvers[1]", "must not be empty"));
	}

	@Test
	void reportsADuplicateGroupAtItsSecondOccurrence() {
		List<PlanError> errors = errorsOf(this.checking, "approvers: [dba, sre-leads, dba]\n" + MINIMAL);

		assertThat(errors)
			.containsExactly(error(1, 29, "approvers[2]", "duplicate approver group 'dba'; name each group once"));
	}

	@Test
	void suggestsTheFieldForATypo() {
		List<PlanError> errors = errorsOf(new PlanLoader(),
				MINIMAL.replace("- name: dev", "- name: dev\n    aprovers: [dba]"));

		assertThat(errors)
			.containsExactly(error(6, 5, "stages[0].aprovers", "unknown field 'aprovers'; did you mean 'approvers'?"));
	}

	private static List<PlanError> errorsOf(PlanLoader loader, String yaml) {
		PlanException exception = catchThrowableOfType(PlanException.class, () -> loader.load("plan.yaml", yaml));
		assertThat(exception).as("loading should fail").isNotNull();
		return exception.errors();
	}

	private static PlanError error(int line, int column, String field, String message) {
		return new PlanError("plan.yaml", line, column, field, message);
	}

}
