package io.flotilla.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.flotilla.release.EventRecord;

/**
 * How late each bake of a release ended: from the end a {@code BakeStarted} event
 * recorded to the {@code StageStarted} event that follows it.
 */
final class BakeLateness {

	private static final String UNTIL = " baking until ";

	private BakeLateness() {
	}

	static List<Duration> of(List<EventRecord> events) {
		List<Duration> lateness = new ArrayList<>();
		Instant due = null;
		for (EventRecord event : events) {
			if ("BakeStarted".equals(event.kind()) && event.message() != null && event.message().contains(UNTIL)) {
				due = Instant.parse(event.message().substring(event.message().indexOf(UNTIL) + UNTIL.length()).trim());
			}
			else if ("StageStarted".equals(event.kind()) && due != null) {
				lateness.add(Duration.between(due, event.at()));
				due = null;
			}
		}
		return lateness;
	}

}
