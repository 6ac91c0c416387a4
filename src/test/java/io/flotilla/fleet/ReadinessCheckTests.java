package io.flotilla.fleet;

import java.util.Map;

import io.flotilla.plan.FieldPath;
import io.flotilla.plan.Readiness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessCheckTests {

	private static final Readiness COMPLETED = new Readiness(FieldPath.parse("status.status"), "Completed");

	@Test
	void statefulSetIsReadyWhenTheControllerRolledOutTheCurrentSpec() {
		assertThat(ReadinessCheck.missing(statefulSet(2, 2, 3, 3, "b", "b"), Readiness.STATEFUL_SET)).isEmpty();
	}

	@Test
	void statefulSetSaysWhatIsMissing() {
		assertThat(ReadinessCheck.missing(statefulSet(2, 2, 2, 3, "a", "b"), Readiness.STATEFUL_SET))
			.contains("readyReplicas 2/3, updatedReplicas 3/3, currentRevision a is not updateRevision b");
	}

	@Test
	void statefulSetStatusOlderThanItsSpecIsNotReady() {
		assertThat(ReadinessCheck.missing(statefulSet(2, 1, 3, 3, "a", "a"), Readiness.STATEFUL_SET))
			.contains("observedGeneration 1/2");
	}

	@Test
	void customResourceIsReadyWhenItsStatusFieldHasTheExpectedValue() {
		assertThat(ReadinessCheck.missing(custom(2, Map.of("status", "Completed")), COMPLETED)).isEmpty();
		assertThat(ReadinessCheck.missing(custom(2, Map.of("status", "InProgress")), COMPLETED))
			.contains("status.status is InProgress, expected Completed");
		assertThat(ReadinessCheck.missing(custom(2, Map.of()), COMPLETED))
			.contains("status.status is absent, expected Completed");
	}

	@Test
	void customResourceThatReportsObservedGenerationMustHaveSeenTheSpec() {
		assertThat(ReadinessCheck.missing(custom(2, Map.of("status", "Completed", "observedGeneration", 1)), COMPLETED))
			.contains("observedGeneration 1/2");
	}

	private static Map<String, Object> statefulSet(long generation, long observed, int ready, int updated,
			String current, String update) {
		return Map.of("metadata", Map.of("generation", generation), "spec", Map.of("replicas", 3), "status",
				Map.of("observedGeneration", observed, "readyReplicas", ready, "updatedReplicas", updated,
						"currentRevision", current, "updateRevision", update));
	}

	private static Map<String, Object> custom(long generation, Map<String, Object> status) {
		return Map.of("metadata", Map.of("generation", generation), "status", status);
	}

}
