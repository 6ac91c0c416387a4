package io.flotilla.release.wave;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many clusters of each stage this server is upgrading right now: a wave's outcomes
 * are recorded only when it commits, so without this count a status shows no movement for
 * as long as a wave takes. Kept in memory by the server that runs the release; a count
 * from another server reads as none.
 */
public final class InFlightClusters {

	private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	void begin(String releaseId, String stage) {
		this.counts.computeIfAbsent(key(releaseId, stage), (key) -> new AtomicInteger()).incrementAndGet();
	}

	void end(String releaseId, String stage) {
		this.counts.computeIfPresent(key(releaseId, stage),
				(key, count) -> (count.decrementAndGet() > 0) ? count : null);
	}

	public int count(String releaseId, String stage) {
		AtomicInteger count = this.counts.get(key(releaseId, stage));
		return (count != null) ? count.get() : 0;
	}

	private static String key(String releaseId, String stage) {
		return releaseId + "\n" + stage;
	}

}
