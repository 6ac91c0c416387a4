package io.flotilla.console;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.flotilla.release.ReleaseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Tells the open console pages that a release changed, by server-sent events, once the
 * change is committed: a page redraws its live parts from the database, so it never shows
 * what a rollback took back. Sending happens on a thread of its own, so a slow browser
 * never holds up the wave that committed. The events are this server's; a release run by
 * another server updates the pages of that server.
 */
@Component
class ConsoleUpdates implements DisposableBean {

	/**
	 * The stream of the releases page, told of every release.
	 */
	static final String EVERY_RELEASE = "";

	private static final Logger logger = LoggerFactory.getLogger(ConsoleUpdates.class);

	/**
	 * How long one stream stays open; the browser's EventSource opens the next by itself.
	 */
	private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

	private final Map<String, Set<SseEmitter>> streams = new ConcurrentHashMap<>();

	private final ExecutorService sender = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "console-updates");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * A stream of updates about one release, or about every release.
	 */
	SseEmitter subscribe(String releaseId) {
		SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
		Set<SseEmitter> subscribers = this.streams.computeIfAbsent(releaseId, (key) -> ConcurrentHashMap.newKeySet());
		subscribers.add(emitter);
		Runnable forget = () -> subscribers.remove(emitter);
		emitter.onCompletion(forget);
		emitter.onTimeout(forget);
		emitter.onError((ex) -> forget.run());
		try {
			// sends the headers at once: the page shows it is live before the first
			// update
			emitter.send(SseEmitter.event().comment("watching " + (releaseId.isEmpty() ? "every release" : releaseId)));
		}
		catch (IOException ex) {
			emitter.completeWithError(ex);
		}
		return emitter;
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void changed(ReleaseEvent event) {
		Update update = new Update(event.releaseId(), event.kind(), event.at().toString());
		this.sender.execute(() -> {
			send(event.releaseId(), update);
			send(EVERY_RELEASE, update);
		});
	}

	private void send(String key, Update update) {
		for (SseEmitter emitter : List.copyOf(this.streams.getOrDefault(key, Set.of()))) {
			try {
				emitter.send(SseEmitter.event().name("update").data(update, MediaType.APPLICATION_JSON));
			}
			catch (IOException | IllegalStateException ex) {
				// the browser went away; its emitter completes and forgets itself
				logger.debug("console stream closed: {}", ex.getMessage());
				emitter.completeWithError(ex);
			}
		}
	}

	@Override
	public void destroy() {
		this.sender.shutdownNow();
		this.streams.values().forEach((emitters) -> emitters.forEach(ConsoleUpdates::close));
	}

	private static void close(SseEmitter emitter) {
		try {
			emitter.complete();
		}
		catch (IllegalStateException ex) {
			// the container already let go of this stream's response
			logger.debug("console stream already closed: {}", ex.getMessage());
		}
	}

	/**
	 * What a page is told: which release changed, by what kind of event, and when the
	 * event happened (for the delay a benchmark measures).
	 */
	record Update(String release, String kind, String at) {

	}

}
