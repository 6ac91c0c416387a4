package io.flotilla.bench.measure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Nearest-rank percentiles of a sample of durations.
 */
public final class Percentiles {

	private final List<Duration> sorted;

	public Percentiles(Collection<Duration> sample) {
		this.sorted = new ArrayList<>(sample);
		Collections.sort(this.sorted);
	}

	public int count() {
		return this.sorted.size();
	}

	/**
	 * @param percentile between 0 (exclusive) and 100
	 * @return the smallest value with at least {@code percentile}% of the sample at or
	 * below it, or null for an empty sample
	 */
	public Duration at(double percentile) {
		if (this.sorted.isEmpty()) {
			return null;
		}
		int rank = (int) Math.ceil(percentile / 100.0 * this.sorted.size());
		return this.sorted.get(Math.min(this.sorted.size(), Math.max(1, rank)) - 1);
	}

	public Duration max() {
		return this.sorted.isEmpty() ? null : this.sorted.get(this.sorted.size() - 1);
	}

}
