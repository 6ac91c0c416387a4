package io.flotilla.health;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How checks reach their targets ({@code flotilla.checks.*}).
 *
 * @param prometheusUrl the Prometheus server the queries go to, such as
 * {@code http://prometheus:9090}; with none, every Prometheus check fails and says so
 * @param threads the checks that run at once, across all clusters, at least 1
 * @param timeout how long one check may take from its start, above zero
 * @param lookBack how far back logs and restarts count for a check before a patch
 */
public record HealthSettings(Optional<URI> prometheusUrl, int threads, Duration timeout, Duration lookBack) {

	public static final int DEFAULT_THREADS = 8;

	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	public static final Duration DEFAULT_LOOK_BACK = Duration.ofMinutes(10);

	public HealthSettings {
		Objects.requireNonNull(prometheusUrl, "prometheusUrl");
		if (threads < 1) {
			throw new IllegalArgumentException("threads must be at least 1, not " + threads);
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be above zero, not " + timeout);
		}
		if (lookBack.isNegative()) {
			throw new IllegalArgumentException("lookBack must not be negative, not " + lookBack);
		}
	}

	/**
	 * The defaults, with Prometheus at {@code prometheusUrl} (or none).
	 */
	public static HealthSettings defaults(Optional<URI> prometheusUrl) {
		return new HealthSettings(prometheusUrl, DEFAULT_THREADS, DEFAULT_TIMEOUT, DEFAULT_LOOK_BACK);
	}

	public HealthSettings withTimeout(Duration timeout) {
		return new HealthSettings(this.prometheusUrl, this.threads, timeout, this.lookBack);
	}

}
