package io.flotilla.plan;

import java.time.Duration;

/**
 * How often a failed release is started again without a person, and how long it waits
 * before each restart. A failure that a restart may cure (a server that went away, an API
 * that timed out) should not wait for someone to wake up; one that keeps coming back must
 * stop being retried, and each wait doubles so that a struggling fleet is given room.
 *
 * @param maxAttempts how many times a failed release is restarted by itself before it
 * waits for a person; 0 for never
 * @param backoff the wait before the first restart; each one after waits twice as long as
 * the one before
 * @param maxBackoff the longest wait before a restart, at least {@code backoff}
 */
public record RestartPolicy(int maxAttempts, Duration backoff, Duration maxBackoff) {

	public static final Duration DEFAULT_BACKOFF = Duration.ofMinutes(1);

	public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(30);

	/**
	 * No restarts: a failed release waits for a person, as without {@code restart} in the
	 * plan.
	 */
	public static final RestartPolicy NONE = new RestartPolicy(0, DEFAULT_BACKOFF, DEFAULT_MAX_BACKOFF);

	public RestartPolicy {
		if (maxAttempts < 0) {
			throw new IllegalArgumentException("maxAttempts must be at least 0, not " + maxAttempts);
		}
		if (backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
			throw new IllegalArgumentException("backoff must be from 0 to maxBackoff (" + Durations.format(maxBackoff)
					+ "), not " + Durations.format(backoff));
		}
	}

	/**
	 * The wait before the given restart: {@code backoff} before the first, twice that
	 * before the second, and so on, never more than {@code maxBackoff}.
	 * @param attempt which restart, from 1
	 */
	public Duration delayBefore(int attempt) {
		if (attempt < 1) {
			throw new IllegalArgumentException("restarts are counted from 1, not " + attempt);
		}
		if (attempt > Long.SIZE - 1) {
			return this.backoff.isZero() ? Duration.ZERO : this.maxBackoff;
		}
		long factor = 1L << (attempt - 1);
		// compared before multiplying, so that a late attempt cannot overflow
		return (this.backoff.compareTo(this.maxBackoff.dividedBy(factor)) > 0) ? this.maxBackoff
				: this.backoff.multipliedBy(factor);
	}

}
