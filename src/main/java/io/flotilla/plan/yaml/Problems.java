package io.flotilla.plan.yaml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.flotilla.plan.yaml.PlanException.PlanError;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The problems found in one plan file. Binding goes on after a problem so that the author
 * sees every problem at once, in file order.
 */
final class Problems {

	private final String file;

	private final List<PlanError> errors = new ArrayList<>();

	Problems(String file) {
		this.file = file;
	}

	void add(Node node, String field, String message) {
		add(node.getStartMark(), field, message);
	}

	void add(Optional<Mark> mark, String field, String message) {
		int line = mark.map((at) -> at.getLine() + 1).orElse(0);
		int column = mark.map((at) -> at.getColumn() + 1).orElse(0);
		add(line, column, field, message);
	}

	void add(int line, int column, String field, String message) {
		PlanError error = new PlanError(this.file, line, column, field, message);
		// defaults are checked once per stage: report each problem only once
		if (!this.errors.contains(error)) {
			this.errors.add(error);
		}
	}

	boolean isEmpty() {
		return this.errors.isEmpty();
	}

	void throwIfAny() {
		if (!this.errors.isEmpty()) {
			List<PlanError> sorted = new ArrayList<>(this.errors);
			sorted.sort(Comparator.comparingInt(PlanError::line).thenComparingInt(PlanError::column));
			throw new PlanException(sorted);
		}
	}

}
