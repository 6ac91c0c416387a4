package io.flotilla.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.flotilla.release.EventRecord;
import io.flotilla.release.ReleaseEvent.BakeStarted;
import io.flotilla.release.ReleaseEvent.StageStarted;

/**
 * How late each bake of a release ended: from the end a {@code BakeStarted} event
 * recorded to the {@code StageStarted} event that follows it.
 */
final class BakeLateness {

	private static final String UNTIL = " baking until ";

	private BakeLateness() {
	}

	static List<Duration> of(List<EventRecord> events) {
		return bakes(events).stream()
			.filter((bake) -> bake.nextStage() != null)
			.map((bake) -> Duration.between(bake.due(), bake.nextStage()))
			.toList();
	}

	/**
	 * Each bake of a release in the order recorded, with the start of the stage after it
	 * (null while that stage has not started).
	 */
	static List<Bake> bakes(List<EventRecord> events) {
		List<Bake> bakes = new ArrayList<>();
		Instant due = null;
		for (EventRecord event : events) {
			if (BakeStarted.KIND.equals(event.kind()) && event.message() != null && event.message().contains(UNTIL)) {
				due = Instant.parse(event.message().substring(event.message().indexOf(UNTIL) + UNTIL.length()).trim());
			}
			else if (StageStarted.KIND.equals(event.kind()) && due != null) {
				bakes.add(new Bake(due, event.at()));
				due = null;
			}
		}
		if (due != null) {
			bakes.add(new Bake(due, null));
		}
		return bakes;
	}

	/**
	 * One bake.
	 *
	 * @param due the bake's end, as recorded when it started
	 * @param nextStage when the next stage started, or null
	 */
	record Bake(Instant due, Instant nextStage) {

	}

}
