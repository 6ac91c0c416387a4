package io.flotilla.plan.yaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.flotilla.calendar.OpenHours;
import io.flotilla.plan.Change;
import io.flotilla.plan.Durations;
import io.flotilla.plan.FieldPath;
import io.flotilla.plan.OnConflict;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Readiness;
import io.flotilla.plan.RestartPolicy;
import io.flotilla.plan.Stage;
import io.flotilla.plan.Target;
import io.flotilla.plan.VersionOrder;
import io.flotilla.plan.VersionSpec;
import io.flotilla.plan.check.Check;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds a composed plan document to a {@link Plan}, reporting every problem on the way. A
 * plan is built only when no problem was found, so the records never see a half-valid
 * plan.
 */
final class PlanBinder {

	private static final List<String> PLAN_FIELDS = List.of("name", "target", "selector", "namespaces", "version",
			"changes", "readiness", "defaults", "stages", "approval", "approvers", "allowDowngrade", "onConflict",
			"windows", "restart", "checks", "steps");

	private static final List<String> TARGET_FIELDS = List.of("apiVersion", "kind");

	private static final List<String> VERSION_FIELDS = List.of("path", "pattern", "target", "order");

	private static final List<String> CHANGE_FIELDS = List.of("op", "path", "value");

	private static final List<String> READINESS_FIELDS = List.of("path", "equals");

	private static final List<String> OPERATIONS = List.of("add_or_update", "remove");

	private static final List<String> RESTART_FIELDS = List.of("maxAttempts", "backoff", "maxBackoff");

	private final String defaultName;

	private final PlanYaml yaml;

	private final Problems problems;

	private final Approvers approvers;

	private final CheckBinder checks;

	PlanBinder(String defaultName, PlanYaml yaml, Problems problems, Approvers approvers, CheckBinder checks) {
		this.defaultName = defaultName;
		this.yaml = yaml;
		this.problems = problems;
		this.approvers = approvers;
		this.checks = checks;
	}

	Plan bind(Node document) {
		Optional<PlanMapping> root = PlanNode.root(document, this.problems).mapping(PLAN_FIELDS);
		if (root.isEmpty()) {
			this.problems.throwIfAny();
		}
		PlanMapping plan = root.get();
		String name = plan.optional("name").flatMap(PlanNode::text).orElse(this.defaultName);
		Target target = plan.optional("target").flatMap(this::target).orElse(Target.STATEFUL_SET);
		Optional<Map<String, String>> selector = plan.required("selector").flatMap(this::selector);
		List<String> namespaces = plan.optional("namespaces").flatMap(PlanNode::texts).orElse(List.of());
		boolean allowDowngrade = plan.optional("allowDowngrade").flatMap(PlanNode::bool).orElse(false);
		Optional<VersionSpec> version = plan.required("version").flatMap((node) -> version(node, allowDowngrade));
		String targetVersion = version.map(VersionSpec::target).orElse("");
		Optional<List<Change>> changes = plan.required("changes").flatMap((node) -> changes(node, targetVersion));
		Optional<Readiness> readiness = readiness(plan, target);
		// an invalid value is reported, so its fallback never reaches a plan
		boolean approval = plan.optional("approval").flatMap(StageSettings::approval).orElse(false);
		List<String> approvers = plan.optional("approvers").flatMap(this.approvers::read).orElse(List.of());
		OpenHours windows = plan.optional("windows").flatMap(StageSettings::windows).orElse(OpenHours.ALWAYS);
		CheckBinder checkBinder = this.checks.with(plan.optional("steps").map(this::ownSteps).orElse(Map.of()));
		List<Check> checks = plan.optional("checks").flatMap(checkBinder::checks).orElse(List.of());
		Optional<List<Stage>> stages = plan.required("stages")
			.flatMap(new StageBinder(this.approvers, plan.optional("defaults"), approvers, windows, checkBinder,
					checks)::bind);
		OnConflict onConflict = plan.optional("onConflict").flatMap(PlanBinder::onConflict).orElse(OnConflict.REFUSE);
		RestartPolicy restart = plan.optional("restart").flatMap(PlanBinder::restart).orElse(RestartPolicy.NONE);
		this.problems.throwIfAny();
		return new Plan(name, target, selector.get(), namespaces, version.get(), changes.get(), readiness.get(),
				stages.get(), approval, approvers, onConflict, windows, restart, checks);
	}

	/**
	 * The steps a plan defines itself, by name, as a step file holds one: those a release
	 * started with, copied from {@code steps/} by {@link PlanLoader#withStepsOf}.
	 */
	private Map<String, Check> ownSteps(PlanNode node) {
		Map<String, Check> steps = new LinkedHashMap<>();
		node.entries()
			.ifPresent((entries) -> entries.forEach((entry) -> entry.value()
				.mapping(CheckBinder.DEFINITION_FIELDS)
				.flatMap((definition) -> this.checks.definition(definition, entry.name()))
				.ifPresent((check) -> steps.put(entry.name(), check))));
		return steps;
	}

	private Optional<Target> target(PlanNode node) {
		return node.mapping(TARGET_FIELDS).flatMap((target) -> {
			Optional<String> apiVersion = target.required("apiVersion").flatMap(PlanNode::text);
			Optional<String> kind = target.required("kind").flatMap(PlanNode::text);
			return apiVersion.flatMap((api) -> kind.map((k) -> new Target(api, k)));
		});
	}

	private Optional<Map<String, String>> selector(PlanNode node) {
		return node.labels().filter((labels) -> {
			if (labels.isEmpty()) {
				node.error("must name at least one label, or the plan would match every resource of its kind");
			}
			return !labels.isEmpty();
		});
	}

	private Optional<VersionSpec> version(PlanNode node, boolean allowDowngrade) {
		return node.mapping(VERSION_FIELDS).flatMap((version) -> {
			Optional<FieldPath> path = version.required("path").flatMap(PlanNode::fieldPath);
			Optional<Optional<Pattern>> pattern = version.optional("pattern")
				.map((text) -> pattern(text).map(Optional::of))
				.orElse(Optional.of(Optional.empty()));
			Optional<String> target = version.required("target").flatMap(PlanNode::text);
			Optional<VersionOrder> order = version.optional("order")
				.map(PlanBinder::order)
				.orElse(Optional.of(VersionOrder.NUMERIC));
			if (path.isEmpty() || pattern.isEmpty() || target.isEmpty() || order.isEmpty()) {
				return Optional.empty();
			}
			return Optional
				.of(new VersionSpec(path.get(), pattern.get().orElse(null), target.get(), order.get(), allowDowngrade));
		});
	}

	private static Optional<OnConflict> onConflict(PlanNode node) {
		return node.text().flatMap((text) -> {
			Optional<OnConflict> mode = OnConflict.named(text);
			if (mode.isEmpty()) {
				node.error(oneOf(OnConflict.words(), text));
			}
			return mode;
		});
	}

	/**
	 * A {@code restart} policy: the restarts are counted, their waits default to
	 * {@link RestartPolicy#DEFAULT_BACKOFF} doubling up to
	 * {@link RestartPolicy#DEFAULT_MAX_BACKOFF}.
	 */
	private static Optional<RestartPolicy> restart(PlanNode node) {
		return node.mapping(RESTART_FIELDS).flatMap((restart) -> {
			Optional<Integer> maxAttempts = restart.required("maxAttempts").flatMap((attempts) -> attempts.integer(0));
			Setting<Duration> backoff = Setting.read(restart, "backoff", PlanNode::duration);
			Setting<Duration> maxBackoff = Setting.read(restart, "maxBackoff", PlanNode::duration);
			if (maxAttempts.isEmpty() || backoff.isInvalid() || maxBackoff.isInvalid()) {
				return Optional.empty();
			}
			Duration first = backoff.or(RestartPolicy.DEFAULT_BACKOFF);
			Duration longest = maxBackoff.or(RestartPolicy.DEFAULT_MAX_BACKOFF);
			if (longest.compareTo(first) < 0) {
				if (maxBackoff.isWritten()) {
					maxBackoff.node()
						.error("must not be shorter than backoff (" + Durations.format(first) + "), not "
								+ Durations.format(longest));
				}
				else {
					backoff.node()
						.error("must not be longer than maxBackoff (by default " + Durations.format(longest) + "), not "
								+ Durations.format(first));
				}
				return Optional.empty();
			}
			return Optional.of(new RestartPolicy(maxAttempts.get(), first, longest));
		});
	}

	private static Optional<VersionOrder> order(PlanNode node) {
		return node.text().flatMap((text) -> {
			Optional<VersionOrder> order = VersionOrder.named(text);
			if (order.isEmpty()) {
				node.error(oneOf(VersionOrder.words(), text));
			}
			return order;
		});
	}

	private static String oneOf(List<String> words, String text) {
		return "must be " + String.join(", ", words) + ", not '" + text + "'"
				+ Suggestions.closest(text, words).map((name) -> "; did you mean '" + name + "'?").orElse("");
	}

	private Optional<Pattern> pattern(PlanNode node) {
		return node.text().flatMap((text) -> {
			try {
				Pattern pattern = Pattern.compile(text);
				if (pattern.matcher("").groupCount() > 0) {
					return Optional.of(pattern);
				}
				node.error("must have a capture group around the version, such as ':([^:]+)$'");
			}
			catch (PatternSyntaxException ex) {
				node.error(
						"invalid regular expression: " + ex.getDescription() + " at character " + (ex.getIndex() + 1));
			}
			return Optional.empty();
		});
	}

	private Optional<List<Change>> changes(PlanNode node, String targetVersion) {
		ChangeValues values = new ChangeValues(this.yaml, targetVersion);
		return node.nonEmptyItems().flatMap((items) -> {
			List<Change> changes = new ArrayList<>();
			for (PlanNode item : items) {
				item.mapping(CHANGE_FIELDS).flatMap((change) -> change(change, values)).ifPresent(changes::add);
			}
			return (changes.size() == items.size()) ? Optional.of(changes) : Optional.empty();
		});
	}

	private Optional<Change> change(PlanMapping change, ChangeValues values) {
		Optional<Change.Operation> operation = change.required("op").flatMap(this::operation);
		Optional<FieldPath> path = change.required("path").flatMap(PlanNode::fieldPath);
		Object value = null;
		if (operation.filter(Change.Operation.REMOVE::equals).isPresent()) {
			change.key("value").ifPresent((key) -> key.error("is not allowed with op remove"));
		}
		else if (operation.isPresent()) {
			value = change.required("value").map(values::convert).orElse(null);
		}
		if (operation.isEmpty() || path.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new Change(operation.get(), path.get(), value));
	}

	private Optional<Change.Operation> operation(PlanNode node) {
		return node.text().flatMap((text) -> {
			if (OPERATIONS.contains(text)) {
				return Optional.of(Change.Operation.valueOf(text.toUpperCase(Locale.ROOT)));
			}
			node.error(Suggestions.unknown("op", text, OPERATIONS));
			return Optional.empty();
		});
	}

	private Optional<Readiness> readiness(PlanMapping plan, Target target) {
		Optional<PlanNode> written = plan.optional("readiness");
		if (written.isPresent()) {
			return written.flatMap((node) -> node.mapping(READINESS_FIELDS)).flatMap((readiness) -> {
				Optional<FieldPath> path = readiness.required("path").flatMap(PlanNode::fieldPath);
				Optional<String> expected = readiness.required("equals").flatMap(PlanNode::text);
				return path.flatMap((field) -> expected.map((value) -> new Readiness(field, value)));
			});
		}
		if (!target.isStatefulSet()) {
			plan.node()
				.child(plan.node().node(), "readiness")
				.error("is required for " + target.kind() + ": only StatefulSet has built-in readiness rules");
			return Optional.empty();
		}
		return Optional.of(Readiness.STATEFUL_SET);
	}

}
