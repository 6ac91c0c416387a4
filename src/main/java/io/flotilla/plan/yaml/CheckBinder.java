package io.flotilla.plan.yaml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

import io.flotilla.plan.check.Check;
import io.flotilla.plan.check.CheckPolicy;
import io.flotilla.plan.check.HttpCheck;
import io.flotilla.plan.check.LogPatternCheck;
import io.flotilla.plan.check.PodHealthCheck;
import io.flotilla.plan.check.PrometheusCheck;
import io.flotilla.plan.check.Template;

/**
 * Reads {@code checks}, of the plan, its {@code defaults} or a stage, and the one
 * definition a step file holds. A check is a step named by {@code step}, or exactly one
 * kind ({@code prometheus}, {@code pods}, {@code logs}, {@code http}) with its settings.
 */
final class CheckBinder {

	static final List<String> KINDS = List.of("prometheus", "pods", "logs", "http");

	private static final List<String> POLICY_FIELDS = List.of("onFailure", "onNoData");

	/** The fields of a step file: a definition without a name, which is the file's. */
	static final List<String> DEFINITION_FIELDS = Stream.concat(KINDS.stream(), POLICY_FIELDS.stream()).toList();

	private static final List<String> CHECK_FIELDS = Stream
		.concat(Stream.of("name", "step"), DEFINITION_FIELDS.stream())
		.toList();

	private static final List<String> PROMETHEUS_FIELDS = List.of("query", "over", "baseline");

	private static final List<String> BASELINE_FIELDS = List.of("ratio");

	private static final List<String> PODS_FIELDS = List.of("restarts");

	private static final List<String> LOGS_FIELDS = List.of("pattern", "max");

	private static final List<String> HTTP_FIELDS = List.of("url", "status", "body");

	private static final List<String> NO_DATA = List.of("fail", "pass");

	private final Map<String, Check> steps;

	/**
	 * @param steps the reusable definitions a {@code step} may name, by name
	 */
	CheckBinder(Map<String, Check> steps) {
		this.steps = Map.copyOf(steps);
	}

	/**
	 * A list of checks, each name once; empty when any of them has a problem.
	 */
	/**
	 * This binder with more steps a {@code step} may name; one of the same name as a
	 * known one replaces it.
	 */
	CheckBinder with(Map<String, Check> more) {
		Map<String, Check> steps = new HashMap<>(this.steps);
		steps.putAll(more);
		return new CheckBinder(steps);
	}

	Optional<List<Check>> checks(PlanNode node) {
		return node.items().flatMap((items) -> {
			Set<String> names = new HashSet<>();
			List<Check> checks = new ArrayList<>();
			for (PlanNode item : items) {
				item.mapping(CHECK_FIELDS).flatMap((check) -> check(check, names)).ifPresent(checks::add);
			}
			return (checks.size() == items.size()) ? Optional.of(checks) : Optional.empty();
		});
	}

	private Optional<Check> check(PlanMapping check, Set<String> names) {
		Optional<PlanNode> step = check.optional("step");
		if (step.isPresent()) {
			return step(check, step.get()).filter((found) -> isUnique(step.get(), found.name(), names));
		}
		Optional<PlanNode> nameNode = check.required("name");
		Optional<String> name = nameNode.flatMap(PlanNode::text);
		Optional<Check> definition = definition(check, name.orElse(""));
		if (name.isEmpty() || !isUnique(nameNode.get(), name.get(), names)) {
			return Optional.empty();
		}
		return definition;
	}

	/**
	 * A step named in a list of checks, with the list's {@code onFailure} when it has
	 * one.
	 */
	private Optional<Check> step(PlanMapping check, PlanNode step) {
		for (String field : Stream.concat(Stream.of("name", "onNoData"), KINDS.stream()).toList()) {
			check.key(field)
				.ifPresent((key) -> key.error("is not allowed with step: a step's definition is in its file"
						+ (field.equals("name") ? ", and its name is the file's" : "")));
		}
		Optional<CheckPolicy> onFailure = check.optional("onFailure").map(CheckBinder::policy).orElse(null);
		Optional<Check> found = step.text().flatMap((name) -> {
			Check definition = this.steps.get(name);
			if (definition == null) {
				step.error(unknownStep(name));
			}
			return Optional.ofNullable(definition);
		});
		if (onFailure == null || found.isEmpty()) {
			return found;
		}
		return onFailure.map((policy) -> found.get().withOnFailure(policy));
	}

	private String unknownStep(String name) {
		String unknown = "unknown step '" + name + "'";
		if (this.steps.isEmpty()) {
			return unknown + "; no steps are known: each is a file steps/<name>.yaml";
		}
		List<String> known = this.steps.keySet().stream().sorted().toList();
		return Suggestions.closest(name, known)
			.map((closest) -> unknown + "; did you mean '" + closest + "'?")
			.orElseGet(() -> unknown + " (known steps: " + String.join(", ", known) + ")");
	}

	/**
	 * A check's definition, in a plan or a step file: exactly one kind and its settings.
	 */
	Optional<Check> definition(PlanMapping check, String name) {
		List<String> kinds = KINDS.stream().filter((kind) -> check.optional(kind).isPresent()).toList();
		if (kinds.isEmpty()) {
			check.node()
				.error("has no target: name one of " + String.join(", ", KINDS) + " (such as pods: {}), or a step");
			return Optional.empty();
		}
		if (kinds.size() > 1) {
			check.key(kinds.get(1))
				.get()
				.error("a check has one kind, and this one is " + kinds.get(0) + " already; write " + kinds.get(1)
						+ " as a check of its own");
			return Optional.empty();
		}
		String kind = kinds.get(0);
		boolean noDataAllowed = kind.equals("prometheus") || check.key("onNoData").isEmpty();
		if (!noDataAllowed) {
			check.key("onNoData").get().error("is allowed only with prometheus");
		}
		Optional<CheckPolicy> onFailure = check.optional("onFailure")
			.map(CheckBinder::policy)
			.orElse(Optional.of(CheckPolicy.PAUSE));
		PlanNode settings = check.optional(kind).get();
		Optional<Check> bound = switch (kind) {
			case "prometheus" -> prometheus(settings, name, check);
			case "pods" -> pods(settings, name);
			case "logs" -> logs(settings, name);
			default -> http(settings, name);
		};
		if (onFailure.isEmpty() || !noDataAllowed) {
			return Optional.empty();
		}
		return bound.map((found) -> found.withOnFailure(onFailure.get()));
	}

	private Optional<Check> prometheus(PlanNode node, String name, PlanMapping check) {
		Optional<Boolean> passOnNoData = check.optional("onNoData").map(CheckBinder::noData).orElse(Optional.of(false));
		return node.mapping(PROMETHEUS_FIELDS).flatMap((prometheus) -> {
			Optional<Template> query = prometheus.required("query").flatMap(CheckBinder::template);
			Optional<PrometheusCheck.Comparison> comparison = comparison(prometheus);
			if (query.isEmpty() || comparison.isEmpty() || passOnNoData.isEmpty()) {
				return Optional.empty();
			}
			return Optional
				.of(new PrometheusCheck(name, query.get(), comparison.get(), passOnNoData.get(), CheckPolicy.PAUSE));
		});
	}

	private static Optional<PrometheusCheck.Comparison> comparison(PlanMapping prometheus) {
		Optional<PlanNode> over = prometheus.optional("over");
		Optional<PlanNode> baseline = prometheus.optional("baseline");
		if (over.isPresent() && baseline.isPresent()) {
			prometheus.key("baseline").get().error("is not allowed with over: compare with one or the other");
			return Optional.empty();
		}
		if (over.isPresent()) {
			return over.get().number().map(PrometheusCheck.Over::new);
		}
		if (baseline.isPresent()) {
			return baseline.get()
				.mapping(BASELINE_FIELDS)
				.flatMap((ratio) -> ratio.required("ratio"))
				.flatMap((ratio) -> ratio.number().filter((value) -> {
					if (value <= 0) {
						ratio.error("must be above 0, not " + value);
					}
					return value > 0;
				}))
				.map(PrometheusCheck.Baseline::new);
		}
		prometheus.node()
			.error("needs a threshold, such as over: 10, or a baseline of the clusters not yet upgraded, such as "
					+ "baseline: {ratio: 2}");
		return Optional.empty();
	}

	private static Optional<Check> pods(PlanNode node, String name) {
		return node.mapping(PODS_FIELDS).flatMap((pods) -> {
			Setting<Integer> restarts = Setting.read(pods, "restarts", (value) -> value.integer(0));
			return restarts.isInvalid() ? Optional.empty()
					: Optional.of(new PodHealthCheck(name, restarts.or(0), CheckPolicy.PAUSE));
		});
	}

	private static Optional<Check> logs(PlanNode node, String name) {
		return node.mapping(LOGS_FIELDS).flatMap((logs) -> {
			Optional<String> pattern = logs.required("pattern").flatMap(CheckBinder::regex);
			Setting<Integer> max = Setting.read(logs, "max", (value) -> value.integer(0));
			if (pattern.isEmpty() || max.isInvalid()) {
				return Optional.empty();
			}
			return Optional.of(new LogPatternCheck(name, pattern.get(), max.or(0), CheckPolicy.PAUSE));
		});
	}

	private static Optional<Check> http(PlanNode node, String name) {
		return node.mapping(HTTP_FIELDS).flatMap((http) -> {
			Optional<Template> url = http.required("url").flatMap(CheckBinder::template);
			Setting<Integer> status = Setting.read(http, "status", CheckBinder::status);
			Setting<String> body = Setting.read(http, "body", PlanNode::scalar);
			if (url.isEmpty() || status.isInvalid() || body.isInvalid()) {
				return Optional.empty();
			}
			return Optional.of(new HttpCheck(name, url.get(), status.or(HttpCheck.DEFAULT_STATUS), body.value(),
					CheckPolicy.PAUSE));
		});
	}

	private static Optional<Integer> status(PlanNode node) {
		return node.integer(100).filter((status) -> {
			if (status > 599) {
				node.error("must be an HTTP status from 100 to 599, not " + status);
			}
			return status <= 599;
		});
	}

	/**
	 * A text with cluster variables; each unknown one is reported at its own place.
	 */
	private static Optional<Template> template(PlanNode node) {
		return node.text().flatMap((text) -> {
			boolean known = true;
			for (Template.Variable variable : Template.variablesIn(text)) {
				if (!Template.isKnown(variable.name())) {
					node.errorAt(variable.index(), unknownVariable(variable.name()));
					known = false;
				}
			}
			return known ? Optional.of(new Template(text)) : Optional.empty();
		});
	}

	private static String unknownVariable(String name) {
		List<String> variables = Stream
			.concat(Template.VARIABLES.stream().map((variable) -> "{" + variable + "}"), Stream.of("{label.<key>}"))
			.toList();
		String unknown = "unknown template variable {" + name + "}";
		if (name.equals("label") || name.equals(Template.LABEL)) {
			return unknown + "; name the label, such as {label.tier}";
		}
		return Suggestions.closest(name, Template.VARIABLES)
			.map((closest) -> unknown + "; did you mean {" + closest + "}?")
			.orElseGet(() -> unknown + "; known: " + String.join(", ", variables));
	}

	private static Optional<String> regex(PlanNode node) {
		return node.text().flatMap((text) -> {
			try {
				Pattern.compile(text);
				return Optional.of(text);
			}
			catch (PatternSyntaxException ex) {
				node.error(
						"invalid regular expression: " + ex.getDescription() + " at character " + (ex.getIndex() + 1));
				return Optional.empty();
			}
		});
	}

	private static Optional<CheckPolicy> policy(PlanNode node) {
		return node.text().flatMap((text) -> {
			Optional<CheckPolicy> policy = CheckPolicy.named(text);
			if (policy.isEmpty()) {
				node.error(oneOf(CheckPolicy.words(), text));
			}
			return policy;
		});
	}

	private static Optional<Boolean> noData(PlanNode node) {
		return node.text().flatMap((text) -> {
			if (!NO_DATA.contains(text)) {
				node.error(oneOf(NO_DATA, text));
				return Optional.empty();
			}
			return Optional.of(text.equals("pass"));
		});
	}

	private static String oneOf(List<String> words, String text) {
		return "must be " + String.join(", ", words) + ", not '" + text + "'"
				+ Suggestions.closest(text, words).map((name) -> "; did you mean '" + name + "'?").orElse("");
	}

	private static boolean isUnique(PlanNode node, String name, Set<String> names) {
		if (!names.add(name)) {
			node.error("duplicate check name '" + name + "'; check names must be unique within a list of checks");
			return false;
		}
		return true;
	}

}
