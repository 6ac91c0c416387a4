package io.flotilla.plan;

/**
 * When a patched cluster counts as ready.
 *
 * @param path the status field to compare, null for the built-in StatefulSet rules
 * (observedGeneration, updatedReplicas, readyReplicas, currentRevision = updateRevision)
 * @param expected the value the field must have
 */
public record Readiness(FieldPath path, String expected) {

	public static final Readiness STATEFUL_SET = new Readiness(null, null);

	public boolean isBuiltIn() {
		return this.path == null;
	}

}
