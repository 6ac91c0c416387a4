package io.flotilla.plan;

/**
 * How many clusters of a stage may fail before the release pauses: an absolute count or a
 * percentage of the stage's clusters.
 *
 * @param count the allowed failures when {@code percent} is false
 * @param percent whether {@code count} is a percentage
 */
public record FailureBudget(int count, boolean percent) {

	public static FailureBudget ofCount(int count) {
		return new FailureBudget(count, false);
	}

	public static FailureBudget ofPercent(int percent) {
		return new FailureBudget(percent, true);
	}

	/**
	 * The number of failed clusters the stage tolerates; one more breaches the budget.
	 */
	public int allowedFailures(int clustersInStage) {
		return this.percent ? (int) Math.floor(clustersInStage * this.count / 100.0) : this.count;
	}

	@Override
	public String toString() {
		return this.percent ? this.count + "%" : Integer.toString(this.count);
	}

}
