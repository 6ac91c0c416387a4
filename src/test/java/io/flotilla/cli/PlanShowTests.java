package io.flotilla.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.flotilla.plan.Plan;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.release.FleetSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code plan show} says of a plan's gates, which needs no live fleet.
 */
class PlanShowTests {

	@Test
	void namesEachGateAndWhoMayPassIt() {
		// given
		Plan plan = new PlanLoader().load("plan.yaml", """
				approval: required
				approvers: [release-managers]
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				stages:
				  - name: dev
				    groups: [{name: g, contexts: [c]}]
				  - name: staging
				    pauseAfterFirstWave: true
				    approvers: []
				    groups: [{name: g, contexts: [c]}]
				  - name: prod
				    approval: required
				    pauseAfterFirstWave: true
				    approvers: [sre-leads, dba, oncall]
				    groups: [{name: g, contexts: [c]}]
				""");

		// when
		List<String> lines = show(plan);

		// then
		assertThat(lines).contains("  approval by release-managers before the release starts",
				"  gates: pause after the first wave",
				"  gates: approval by sre-leads, dba or oncall, pause after the first wave by sre-leads, dba or oncall");
		assertThat(lines).filteredOn((line) -> line.startsWith("  gates:")).hasSize(2);
		assertThat(stageBlock(lines, "dev")).noneMatch((line) -> line.startsWith("  gates:"));
	}

	@Test
	void saysNothingOfGatesAPlanDoesNotHave() {
		Plan plan = new PlanLoader().load("plan.yaml", """
				approvers: [sre-leads]
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				stages: [{name: dev, groups: [{name: g, contexts: [c]}]}]
				""");

		assertThat(show(plan)).noneMatch((line) -> line.contains("approval") || line.contains("gates"));
	}

	private static List<String> show(Plan plan) {
		StringWriter text = new StringWriter();
		PlanCommand.print(new FleetSnapshot(plan, List.of()), Optional.empty(), Duration.ofMinutes(1),
				new PrintWriter(text));
		return text.toString().lines().toList();
	}

	private static List<String> stageBlock(List<String> lines, String stage) {
		int start = lines.indexOf(
				lines.stream().filter((line) -> line.startsWith("stage " + stage + ":")).findFirst().orElseThrow());
		int end = start + 1;
		while (end < lines.size() && !lines.get(end).isEmpty()) {
			end++;
		}
		return lines.subList(start, end);
	}

}
