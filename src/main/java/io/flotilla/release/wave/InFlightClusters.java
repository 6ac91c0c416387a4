package io.flotilla.release.wave;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many clusters of each stage and group this server is upgrading right now: a wave's
 * outcomes are recorded only when it commits, so without this count a status shows no
 * movement for as long as a wave takes. Kept in memory by the server that runs the
 * release; a count from another server reads as none.
 */
public final class InFlightClusters {

	private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	void begin(String releaseId, String stage, String group) {
		this.counts.computeIfAbsent(key(releaseId, stage, group), (key) -> new AtomicInteger()).incrementAndGet();
	}

	void end(String releaseId, String stage, String group) {
		this.counts.computeIfPresent(key(releaseId, stage, group),
				(key, count) -> (count.decrementAndGet() > 0) ? count : null);
	}

	public int count(String releaseId, String stage) {
		String prefix = key(releaseId, stage, "");
		return this.counts.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith(prefix))
			.mapToInt((entry) -> entry.getValue().get())
			.sum();
	}

	public int count(String releaseId, String stage, String group) {
		AtomicInteger count = this.counts.get(key(releaseId, stage, group));
		return (count != null) ? count.get() : 0;
	}

	private static String key(String releaseId, String stage, String group) {
		return releaseId + "\n" + stage + "\n" + group;
	}

}
