package io.flotilla.bench.measure;

import java.time.Duration;
import java.util.Collection;

/**
 * The least time any scheduler needs for a set of independent jobs on {@code parallelism}
 * workers: the larger of the total work spread evenly over the workers and the longest
 * single job, plus the bakes, which nothing can overlap.
 */
public final class LowerBound {

	private LowerBound() {
	}

	public static Duration of(Collection<Duration> work, int parallelism, Duration bakes) {
		if (parallelism < 1) {
			throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
		}
		long total = 0;
		long longest = 0;
		for (Duration each : work) {
			total += each.toNanos();
			longest = Math.max(longest, each.toNanos());
		}
		long spread = (total + parallelism - 1) / parallelism;
		return Duration.ofNanos(Math.max(spread, longest)).plus(bakes);
	}

	/**
	 * The least time the same jobs take when cut into waves that each start only after
	 * the one before ended: the sum over the waves of their own lower bounds.
	 */
	public static Duration withBarriers(java.util.List<? extends Collection<Duration>> waves, int parallelism,
			Duration bakes) {
		Duration sum = Duration.ZERO;
		for (Collection<Duration> wave : waves) {
			sum = sum.plus(of(wave, parallelism, Duration.ZERO));
		}
		return sum.plus(bakes);
	}

}
