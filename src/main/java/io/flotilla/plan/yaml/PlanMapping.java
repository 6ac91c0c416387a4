package io.flotilla.plan.yaml;

import java.util.Map;
import java.util.Optional;

import io.flotilla.plan.yaml.PlanNode.Entry;

/**
 * A YAML map of known fields. A field written without a value ({@code bake:}) counts as
 * absent, as it does for kubectl.
 */
final class PlanMapping {

	private final PlanNode node;

	private final Map<String, Entry> fields;

	PlanMapping(PlanNode node, Map<String, Entry> fields) {
		this.node = node;
		this.fields = Map.copyOf(fields);
	}

	PlanNode node() {
		return this.node;
	}

	boolean has(String name) {
		return this.fields.containsKey(name);
	}

	Optional<PlanNode> optional(String name) {
		return Optional.ofNullable(this.fields.get(name)).map(Entry::value).filter((value) -> !value.isNull());
	}

	/**
	 * The value of a field that must be there; a missing field is reported at the map
	 * that lacks it, an empty one at its key.
	 */
	Optional<PlanNode> required(String name) {
		Optional<PlanNode> value = optional(name);
		if (value.isEmpty()) {
			Entry entry = this.fields.get(name);
			PlanNode at = (entry != null) ? entry.key() : this.node.child(this.node.node(), name);
			at.error("is required");
		}
		return value;
	}

	/**
	 * The key of a field, where problems with the field as a whole are reported.
	 */
	Optional<PlanNode> key(String name) {
		return Optional.ofNullable(this.fields.get(name)).map(Entry::key);
	}

}
