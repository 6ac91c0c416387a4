package io.flotilla.release;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Records a release's events: one row in its event log, one line in the server log, and
 * one application event for notifiers. All three happen in the caller's transaction;
 * notifiers listen after commit.
 */
class ReleaseEvents {

	private static final Logger logger = LoggerFactory.getLogger(ReleaseEvents.class);

	private final ReleaseStore store;

	private final ApplicationEventPublisher publisher;

	ReleaseEvents(ReleaseStore store, ApplicationEventPublisher publisher) {
		this.store = store;
		this.publisher = publisher;
	}

	void record(ReleaseEvent event) {
		this.store.insertEvent(event);
		if (event.stage() != null) {
			logger.info("release={} stage={} {}", event.releaseId(), event.stage(), event.describe());
		}
		else {
			logger.info("release={} {}", event.releaseId(), event.describe());
		}
		this.publisher.publishEvent(event);
	}

}
