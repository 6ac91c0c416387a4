package io.flotilla.fleet;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a Kubernetes API call that failed transiently (429, 5xx, connection or timeout
 * errors), with exponential backoff and full jitter, so that many Flotilla workers
 * retrying against one recovering API server spread out instead of arriving in lockstep.
 * fabric8's own retry is off, so every attempt is counted here.
 */
final class Retrier {

	private static final Logger logger = LoggerFactory.getLogger(Retrier.class);

	private final int maxAttempts;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final RandomGenerator random;

	Retrier(FleetSettings settings, RandomGenerator random) {
		this.maxAttempts = settings.maxAttempts();
		this.initialBackoff = settings.initialBackoff();
		this.maxBackoff = settings.maxBackoff();
		this.random = random;
	}

	/**
	 * Calls until the call succeeds, fails for good, or the attempts run out.
	 * @param action what the call does, for log lines and reasons, e.g. "ctx/ns/name:
	 * patch"
	 * @throws KubernetesClientException when the API refused the call for a reason a
	 * retry cannot change
	 * @throws ApiUnavailableException when every attempt failed transiently
	 * @throws InterruptedException when interrupted during a call or a backoff
	 */
	<T> T call(String action, Attempt<T> call) throws InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				return call.run(attempt);
			}
			catch (KubernetesClientException ex) {
				if (isInterruption(ex)) {
					throw new InterruptedException(action + " interrupted");
				}
				if (!isTransient(ex)) {
					throw ex;
				}
				if (attempt >= this.maxAttempts) {
					throw new ApiUnavailableException(
							"Kubernetes API unavailable after " + attempt + " attempts: " + describe(ex));
				}
				Duration delay = delay(attempt);
				logger.warn("{} failed with {}, attempt {}/{}, retrying in {}ms", action, describe(ex), attempt,
						this.maxAttempts, delay.toMillis());
				Thread.sleep(delay.toMillis());
			}
		}
	}

	/**
	 * A random delay between zero and the capped exponential bound for the given attempt.
	 */
	Duration delay(int attempt) {
		long initial = Math.max(1, this.initialBackoff.toMillis());
		long bound = Math.min(this.maxBackoff.toMillis(), initial << Math.min(attempt - 1, 30));
		return Duration.ofMillis(this.random.nextLong(bound + 1));
	}

	static boolean isTransient(KubernetesClientException ex) {
		int code = ex.getCode();
		if (code == 429 || code >= 500) {
			return true;
		}
		// fabric8 gives no HTTP status (-1 or 0) when the request got no answer
		if (code > 0) {
			return false;
		}
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException || cause instanceof TimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A short reason for a log line or a result: the HTTP status and the server's
	 * message, or the network error.
	 */
	static String describe(KubernetesClientException ex) {
		if (ex.getCode() > 0) {
			String message = (ex.getStatus() != null) ? ex.getStatus().getMessage() : null;
			return ex.getCode() + ((message != null && !message.isBlank()) ? " " + message : "");
		}
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		while (cause.getCause() != null && cause.getMessage() == null) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

	/**
	 * fabric8 turns an interruption into a {@link KubernetesClientException} and sets the
	 * flag again; clearing it here hands it over to the {@link InterruptedException}
	 * thrown instead.
	 */
	private static boolean isInterruption(KubernetesClientException ex) {
		boolean interrupted = Thread.interrupted();
		for (Throwable cause = ex.getCause(); cause != null && !interrupted; cause = cause.getCause()) {
			interrupted = cause instanceof InterruptedException;
		}
		return interrupted;
	}

	/**
	 * One attempt of a call; the attempt number lets a call re-read state before
	 * repeating something that may already have happened.
	 */
	@FunctionalInterface
	interface Attempt<T> {

		T run(int attempt);

	}

}
