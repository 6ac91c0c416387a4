package io.flotilla.plan.yaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.flotilla.calendar.OpenHours;
import io.flotilla.plan.FailureBudget;
import io.flotilla.plan.Group;
import io.flotilla.plan.Stage;
import io.flotilla.plan.check.Check;

/**
 * Binds the {@code stages} of a plan. A setting a stage leaves out comes from the plan's
 * {@code defaults}, then from the built-in default; {@code approvers}, {@code windows}
 * and {@code checks} left out of both come from the plan's own.
 */
final class StageBinder {

	static final int DEFAULT_WAVE_SIZE = 10;

	static final int DEFAULT_PARALLELISM = 5;

	static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(10);

	private static final List<String> STAGE_FIELDS = Stream
		.concat(Stream.of("name", "groups"), StageSettings.FIELDS.stream())
		.toList();

	private static final List<String> GROUP_FIELDS = List.of("name", "contexts", "selector");

	private final Approvers approvers;

	private final StageSettings defaults;

	private final List<String> planApprovers;

	private final OpenHours planWindows;

	private final CheckBinder checks;

	private final List<Check> planChecks;

	StageBinder(Approvers approvers, Optional<PlanNode> defaults, List<String> planApprovers, OpenHours planWindows,
			CheckBinder checks, List<Check> planChecks) {
		this.approvers = approvers;
		this.checks = checks;
		this.defaults = defaults.flatMap((node) -> node.mapping(StageSettings.FIELDS))
			.map((mapping) -> StageSettings.read(mapping, approvers, checks))
			.orElse(StageSettings.NONE);
		this.planApprovers = planApprovers;
		this.planWindows = planWindows;
		this.planChecks = planChecks;
	}

	/**
	 * The stages in order, or empty when any of them has a problem.
	 */
	Optional<List<Stage>> bind(PlanNode stages) {
		return stages.nonEmptyItems().flatMap((items) -> {
			Set<String> names = new HashSet<>();
			List<Stage> bound = new ArrayList<>();
			for (PlanNode item : items) {
				item.mapping(STAGE_FIELDS).flatMap((stage) -> stage(stage, names)).ifPresent(bound::add);
			}
			return (bound.size() == items.size()) ? Optional.of(bound) : Optional.empty();
		});
	}

	private Optional<Stage> stage(PlanMapping stage, Set<String> names) {
		Optional<String> name = stage.required("name").flatMap(PlanNode::text);
		boolean unique = name.isPresent() && isUnique(stage.required("name").get(), name.get(), names, "stage");
		Optional<List<Group>> groups = stage.required("groups").flatMap(this::groups);
		StageSettings settings = StageSettings.read(stage, this.approvers, this.checks).orElse(this.defaults);
		int waveSize = settings.waveSize().or(DEFAULT_WAVE_SIZE);
		int firstWaveSize = settings.firstWaveSize().or(0);
		if (firstWaveSize > waveSize && !settings.waveSize().isInvalid()) {
			settings.firstWaveSize()
				.node()
				.error("must not exceed waveSize (" + waveSize + ")"
						+ name.map((text) -> " of stage '" + text + "'").orElse(""));
			return Optional.empty();
		}
		if (!unique || groups.isEmpty() || settings.anyInvalid()) {
			return Optional.empty();
		}
		// more workers than clusters in a wave would only sit idle
		int parallelism = Math.min(settings.parallelism().or(DEFAULT_PARALLELISM), waveSize);
		return Optional.of(new Stage(name.get(), groups.get(), waveSize, firstWaveSize, parallelism,
				settings.readyTimeout().or(DEFAULT_READY_TIMEOUT),
				settings.failureBudget().or(FailureBudget.ofCount(0)), settings.bake().or(Duration.ZERO),
				settings.approval().or(false), settings.pauseAfterFirstWave().or(false),
				settings.approvers().or(this.planApprovers), settings.windows().or(this.planWindows),
				settings.soak().or(Duration.ZERO), settings.checks().or(this.planChecks),
				settings.production().or(false)));
	}

	private Optional<List<Group>> groups(PlanNode groups) {
		return groups.nonEmptyItems().flatMap((items) -> {
			Set<String> names = new HashSet<>();
			List<Group> bound = new ArrayList<>();
			for (PlanNode item : items) {
				item.mapping(GROUP_FIELDS).flatMap((group) -> group(group, names)).ifPresent(bound::add);
			}
			return (bound.size() == items.size()) ? Optional.of(bound) : Optional.empty();
		});
	}

	private Optional<Group> group(PlanMapping group, Set<String> names) {
		Optional<String> name = group.required("name").flatMap(PlanNode::text);
		boolean unique = name.isPresent() && isUnique(group.required("name").get(), name.get(), names, "group");
		Optional<List<String>> contexts = group.required("contexts").flatMap(PlanNode::texts);
		Optional<Map<String, String>> selector = group.optional("selector")
			.map(PlanNode::labels)
			.orElse(Optional.of(Map.of()));
		if (!unique || contexts.isEmpty() || selector.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new Group(name.get(), contexts.get(), selector.get()));
	}

	private static boolean isUnique(PlanNode node, String name, Set<String> names, String what) {
		boolean unique = names.add(name);
		if (!unique) {
			node.error("duplicate " + what + " name '" + name + "'; " + what + " names must be unique"
					+ (what.equals("group") ? " within a stage" : ""));
		}
		return unique;
	}

}
