package io.flotilla.plan.check;

/**
 * A query through Prometheus's HTTP API, compared with a threshold or with the same query
 * over the clusters not yet upgraded (canary against control).
 *
 * @param name the check's name
 * @param query the PromQL query, templated with the cluster's variables
 * @param comparison what the query's value must stay within
 * @param passOnNoData whether no data, or Prometheus unreachable, passes the check; by
 * default it fails it
 * @param onFailure what a failure does
 */
public record PrometheusCheck(String name, Template query, Comparison comparison, boolean passOnNoData,
		CheckPolicy onFailure) implements Check {

	@Override
	public PrometheusCheck withOnFailure(CheckPolicy onFailure) {
		return new PrometheusCheck(this.name, this.query, this.comparison, this.passOnNoData, onFailure);
	}

	/**
	 * What a query's value is held to.
	 */
	public sealed interface Comparison permits Over, Baseline {

	}

	/**
	 * The check fails when the value is above the limit.
	 *
	 * @param limit the highest value that passes
	 */
	public record Over(double limit) implements Comparison {

	}

	/**
	 * The check fails when the value is more than {@code ratio} times the same query's
	 * over the clusters not yet upgraded.
	 *
	 * @param ratio above 0
	 */
	public record Baseline(double ratio) implements Comparison {

		public Baseline {
			if (!(ratio > 0) || Double.isInfinite(ratio)) {
				throw new IllegalArgumentException("ratio must be above 0, not " + ratio);
			}
		}

	}

}
