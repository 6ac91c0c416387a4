package io.flotilla.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Fleet} reaches the Kubernetes API.
 *
 * @param kubeconfig the kubeconfig file whose contexts make up the fleet; no other file
 * is read
 * @param maxAttempts attempts of one API call, the first included, when the API fails
 * transiently
 * @param initialBackoff the upper bound of the first randomised delay between attempts
 * @param maxBackoff the cap of the delay bound, which doubles after each attempt
 * @param requestTimeout connection and request timeout of a single API call
 */
public record FleetSettings(Path kubeconfig, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
		Duration requestTimeout) {

	public FleetSettings {
		Objects.requireNonNull(kubeconfig, "kubeconfig");
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
		}
		Objects.requireNonNull(initialBackoff, "initialBackoff");
		Objects.requireNonNull(maxBackoff, "maxBackoff");
		Objects.requireNonNull(requestTimeout, "requestTimeout");
	}

	/**
	 * Five attempts, backoff from 200ms up to 5s, 10s per request.
	 */
	public static FleetSettings defaults(Path kubeconfig) {
		return new FleetSettings(kubeconfig, 5, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10));
	}

}
