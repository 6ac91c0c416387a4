package io.flotilla.plan.yaml;

import java.util.Optional;
import java.util.function.Function;

/**
 * A stage setting as written in a stage or in the plan's defaults: where it was written,
 * and its value unless that was invalid.
 *
 * @param node where the setting was written, null when it was not
 * @param value the value, empty when not written or invalid
 */
record Setting<T>(PlanNode node, Optional<T> value) {

	static <T> Setting<T> absent() {
		return new Setting<>(null, Optional.empty());
	}

	static <T> Setting<T> read(PlanMapping mapping, String name, Function<PlanNode, Optional<T>> reader) {
		return mapping.optional(name).map((node) -> new Setting<>(node, reader.apply(node))).orElseGet(Setting::absent);
	}

	boolean isWritten() {
		return this.node != null;
	}

	boolean isInvalid() {
		return isWritten() && this.value.isEmpty();
	}

	Setting<T> orElse(Setting<T> fallback) {
		return isWritten() ? this : fallback;
	}

	T or(T fallback) {
		return this.value.orElse(fallback);
	}

}
