package io.flotilla.release.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.flotilla.release.ReleaseEvent.ReleaseRecovered;
import io.flotilla.release.store.ReleaseEventLog;

/**
 * Records each recovery of a release's dead execution, counting the recent ones: a server
 * in a crash loop (killed for memory every minute, a liveness probe that fails) must not
 * restart a release over and over without anyone hearing of it.
 */
class Recoveries {

	static final Duration WINDOW = Duration.ofMinutes(10);

	/** Recoveries within {@link #WINDOW} from which on the event warns of a loop. */
	static final int LOOP = 3;

	private final ReleaseEventLog events;

	private final Clock clock;

	Recoveries(ReleaseEventLog events, Clock clock) {
		this.events = events;
		this.clock = clock;
	}

	void record(String releaseId, long execution) {
		Instant now = this.clock.instant();
		int recent = this.events.countSince(releaseId, ReleaseRecovered.KIND, now.minus(WINDOW)) + 1;
		this.events.record(new ReleaseRecovered(releaseId, now, execution, recent, WINDOW, recent >= LOOP));
	}

}
