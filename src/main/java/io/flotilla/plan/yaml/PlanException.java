package io.flotilla.plan.yaml;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A plan that cannot be used, with every problem found in it.
 */
public class PlanException extends RuntimeException {

	private final List<PlanError> errors;

	public PlanException(List<PlanError> errors) {
		super(errors.stream().map(PlanError::toString).collect(Collectors.joining("\n")));
		this.errors = List.copyOf(errors);
	}

	public List<PlanError> errors() {
		return this.errors;
	}

	/**
	 * One problem in a plan file.
	 *
	 * @param file the plan file
	 * @param line 1-based line, or 0 when the problem has no place in the file (it does
	 * not exist, say)
	 * @param column 1-based column, or 0 when the problem has no place in the file
	 * @param field the dotted path of the field in the plan, such as
	 * {@code stages[1].bake}, or empty for the plan as a whole
	 * @param message what is wrong
	 */
	public record PlanError(String file, int line, int column, String field, String message) {

		@Override
		public String toString() {
			String location = (this.line > 0) ? this.file + ":" + this.line + ":" + this.column + ": "
					: this.file + ": ";
			return this.field.isEmpty() ? location + this.message : location + this.field + ": " + this.message;
		}

	}

}
