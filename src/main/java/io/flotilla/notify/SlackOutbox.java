package io.flotilla.notify;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import io.flotilla.notify.SlackProperties.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * One background thread that talks to Slack, so a release never waits for it and the
 * messages of a release arrive in the order its events happened. A call that fails for a
 * reason that may pass (connection refused, 5xx) is tried again with exponential backoff,
 * a rate-limited one after the Retry-After Slack asks for; one that still fails is logged
 * in one line and dropped.
 */
final class SlackOutbox implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SlackOutbox.class);

	/** Slack asks for seconds; more than this means something is wrong with the app. */
	private static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(5);

	private final Delivery delivery;

	private final ThreadPoolExecutor worker;

	SlackOutbox(Delivery delivery) {
		this.delivery = delivery;
		this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
				new LinkedBlockingQueue<>(delivery.queue()), new CustomizableThreadFactory("slack-"),
				(task, executor) -> logger.warn("slack: {} messages waiting, dropped one", delivery.queue()));
	}

	/**
	 * Runs a task on the worker, after the ones submitted before it.
	 */
	void submit(Runnable task) {
		this.worker.execute(task);
	}

	/**
	 * Calls Slack, on the worker, until it answers or the attempts are used up.
	 * @param what the message, for the log
	 * @return Slack's answer, or empty when it was dropped
	 */
	<T extends SlackApiTextResponse> Optional<T> send(String what, Call<T> call) {
		Duration backoff = this.delivery.backoff();
		for (int attempt = 1;; attempt++) {
			Duration wait;
			String problem;
			try {
				T response = call.call();
				if (!response.isOk()) {
					logger.warn("slack: {} refused: {}", what, response.getError());
					return Optional.empty();
				}
				return Optional.of(response);
			}
			catch (SlackApiException ex) {
				int status = ex.getResponse().code();
				if (status == 429) {
					wait = retryAfter(ex.getResponse().header("Retry-After"));
					problem = "rate limited";
				}
				else if (status >= 500) {
					wait = backoff;
					problem = "HTTP " + status;
				}
				else {
					logger.warn("slack: {} refused with HTTP {}", what, status);
					return Optional.empty();
				}
			}
			catch (IOException ex) {
				wait = backoff;
				problem = ex.toString();
			}
			if (attempt >= this.delivery.attempts()) {
				logger.warn("slack: {} dropped after {} attempts: {}", what, attempt, problem);
				return Optional.empty();
			}
			if (!sleep(wait)) {
				return Optional.empty();
			}
			backoff = backoff.multipliedBy(2);
		}
	}

	private static Duration retryAfter(String header) {
		try {
			Duration wait = Duration.ofSeconds(Long.parseLong(header.trim()));
			return (wait.compareTo(LONGEST_RETRY_AFTER) > 0) ? LONGEST_RETRY_AFTER : wait;
		}
		catch (RuntimeException ex) {
			return Duration.ofSeconds(1);
		}
	}

	private static boolean sleep(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void close() {
		int waiting = this.worker.shutdownNow().size();
		if (waiting > 0) {
			logger.warn("slack: {} messages not sent at shutdown", waiting);
		}
	}

	/**
	 * One call of the Slack Web API.
	 */
	@FunctionalInterface
	interface Call<T extends SlackApiTextResponse> {

		T call() throws IOException, SlackApiException;

	}

}
