package io.flotilla.release.store;

import java.time.Instant;

import io.flotilla.plan.Stage;

/**
 * A stage's failure budget accounting and bake, as stored.
 *
 * @param name the stage
 * @param clusters all clusters of the stage
 * @param failed clusters recorded failed
 * @param acceptedFailures failures a continue or resume accepted
 * @param bakeUntil when the stage's bake ends, or null before it starts
 */
public record StageRecord(String name, int clusters, int failed, int acceptedFailures, Instant bakeUntil) {

	public boolean overBudget(Stage stage) {
		return unacceptedFailures() > budget(stage);
	}

	public int unacceptedFailures() {
		return this.failed - this.acceptedFailures;
	}

	public int budget(Stage stage) {
		return stage.failureBudget().allowedFailures(this.clusters);
	}

}
