package io.flotilla.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.flotilla.plan.FieldPath;
import io.flotilla.plan.Readiness;

/**
 * Decides whether a patched resource is ready, and if not, says what is missing in words
 * an operator can act on.
 */
final class ReadinessCheck {

	private static final FieldPath GENERATION = FieldPath.parse("metadata.generation");

	private static final FieldPath OBSERVED_GENERATION = FieldPath.parse("status.observedGeneration");

	private static final FieldPath REPLICAS = FieldPath.parse("spec.replicas");

	private static final FieldPath READY_REPLICAS = FieldPath.parse("status.readyReplicas");

	private static final FieldPath UPDATED_REPLICAS = FieldPath.parse("status.updatedReplicas");

	private static final FieldPath CURRENT_REVISION = FieldPath.parse("status.currentRevision");

	private static final FieldPath UPDATE_REVISION = FieldPath.parse("status.updateRevision");

	private ReadinessCheck() {
	}

	/**
	 * What keeps the resource from being ready, empty when it is ready.
	 */
	static Optional<String> missing(Map<String, Object> resource, Readiness readiness) {
		List<String> missing = new ArrayList<>();
		long generation = number(resource, GENERATION, 0);
		long observed = number(resource, OBSERVED_GENERATION, -1);
		if (readiness.isBuiltIn()) {
			// a status older than the spec describes the previous version
			if (observed < generation) {
				missing.add("observedGeneration " + Math.max(observed, 0) + "/" + generation);
			}
			long replicas = number(resource, REPLICAS, 1);
			long ready = number(resource, READY_REPLICAS, 0);
			long updated = number(resource, UPDATED_REPLICAS, 0);
			Object current = CURRENT_REVISION.read(resource).orElse(null);
			Object update = UPDATE_REVISION.read(resource).orElse(null);
			boolean replicasReady = ready == replicas && updated == replicas;
			if (!replicasReady) {
				missing.add("readyReplicas " + ready + "/" + replicas);
				missing.add("updatedReplicas " + updated + "/" + replicas);
			}
			if (!Objects.equals(current, update)) {
				missing.add("currentRevision " + current + " is not updateRevision " + update);
			}
		}
		else {
			// an operator reporting observedGeneration saw the patch once it caught up
			if (observed >= 0 && observed < generation) {
				missing.add("observedGeneration " + observed + "/" + generation);
			}
			Object actual = readiness.path().read(resource).orElse(null);
			if (actual == null || !readiness.expected().equals(String.valueOf(actual))) {
				missing.add(readiness.path() + " is " + ((actual != null) ? actual : "absent") + ", expected "
						+ readiness.expected());
			}
		}
		return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", missing));
	}

	private static long number(Map<String, Object> resource, FieldPath path, long absent) {
		Object value = path.read(resource).orElse(null);
		if (value instanceof Number number) {
			return number.longValue();
		}
		if (value instanceof String text && !text.isBlank()) {
			try {
				return Long.parseLong(text.trim());
			}
			catch (NumberFormatException ex) {
				return absent;
			}
		}
		return absent;
	}

}
