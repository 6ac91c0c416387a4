package io.flotilla.health;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.flotilla.fleet.ClusterRef;
import io.flotilla.plan.check.Template;

/**
 * What one round of checks knows of its cluster, read once: the templates' variables and
 * the selector of its pods.
 *
 * @param subject the cluster and what it is compared with
 * @param variables {@code namespace}, {@code name}, {@code stage} and {@code label.<key>}
 * of each of the resource's labels
 * @param podSelector the labels of its pods
 * @param unread why the resource could not be read, empty when it was: its labels are
 * then unknown and the pod selector is the instance label's
 */
record ClusterView(Subject subject, Map<String, String> variables, Map<String, String> podSelector,
		Optional<String> unread) {

	/** The label the sandbox and most charts give a workload's pods. */
	static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

	static ClusterView read(Subject subject, Map<String, String> labels, Map<String, String> podSelector) {
		return new ClusterView(subject, variables(subject.cluster(), subject.stage(), labels), podSelector,
				Optional.empty());
	}

	static ClusterView unread(Subject subject, String why) {
		return new ClusterView(subject, variables(subject.cluster(), subject.stage(), Map.of()),
				Map.of(INSTANCE_LABEL, subject.cluster().name()), Optional.of(why));
	}

	static Map<String, String> variables(ClusterRef cluster, String stage, Map<String, String> labels) {
		Map<String, String> variables = new HashMap<>();
		labels.forEach((key, value) -> variables.put(Template.LABEL + key, value));
		variables.put("namespace", cluster.namespace());
		variables.put("name", cluster.name());
		variables.put("stage", stage);
		return variables;
	}

	static boolean namesLabels(Template template) {
		return Template.variablesIn(template.text())
			.stream()
			.anyMatch((variable) -> variable.name().startsWith(Template.LABEL));
	}

	String where() {
		return Words.where(this.subject.cluster());
	}

	/**
	 * Why the template cannot be filled in: it names a label and the labels are unknown.
	 * A label the resource lacks is empty, as the plan's documentation says, but a label
	 * that could not be read is not the same as one that is absent.
	 */
	Optional<String> whyNotRendered(Template template) {
		if (this.unread.isPresent() && namesLabels(template)) {
			return Optional.of("cannot fill in the labels of '" + template.text() + "': " + this.unread.get());
		}
		return Optional.empty();
	}

	String render(Template template) {
		return template.render(this.variables);
	}

	/**
	 * "since the patch", or since when a check before the patch looks back.
	 */
	String sinceWords() {
		return this.subject.beforePatch() ? "since " + this.subject.since() : "since the patch";
	}

}
