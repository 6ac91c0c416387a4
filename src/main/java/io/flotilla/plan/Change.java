package io.flotilla.plan;

/**
 * One patch operation of a plan.
 *
 * @param operation what to do at the path
 * @param path where, with list items picked by key ({@code containers[name=clickhouse]})
 * @param value the value to set, with {@code ${version}} already replaced by the target
 * version; null for {@link Operation#REMOVE}
 */
public record Change(Operation operation, FieldPath path, Object value) {

	public enum Operation {

		ADD_OR_UPDATE, REMOVE

	}

}
