package io.flotilla.sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long one pod takes to restart: a fixed time, or a lognormal draw whose median is
 * {@code median} and whose 99.9th percentile is {@code tail}, capped at {@code tail} so
 * that no draw runs away. A tail no longer than the median means fixed times.
 */
final class PodRestartTimes {

	/** The standard normal quantile of 0.999: the tail is the 99.9th percentile. */
	static final double TAIL_QUANTILE = 3.090232306167813;

	private final Duration median;

	private final Duration tail;

	private final double sigma;

	private PodRestartTimes(Duration median, Duration tail) {
		this.median = median;
		this.tail = tail;
		this.sigma = isRandom() ? Math.log((double) tail.toNanos() / median.toNanos()) / TAIL_QUANTILE : 0.0;
	}

	static PodRestartTimes of(Duration median, Duration tail) {
		Objects.requireNonNull(median, "median");
		return new PodRestartTimes(median, (tail != null) ? tail : Duration.ZERO);
	}

	boolean isRandom() {
		return !this.median.isZero() && this.tail.compareTo(this.median) > 0;
	}

	boolean isInstant() {
		return this.median.isZero();
	}

	double sigma() {
		return this.sigma;
	}

	/**
	 * The next restart time: the median itself when times are fixed.
	 */
	Duration next(RandomGenerator random) {
		if (!isRandom()) {
			return this.median;
		}
		double draw = this.median.toNanos() * Math.exp(this.sigma * random.nextGaussian());
		long nanos = (long) Math.min(draw, this.tail.toNanos());
		return Duration.ofNanos(Math.max(1_000_000L, nanos));
	}

}
