package io.flotilla.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.flotilla.release.EventRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BakeLatenessTests {

	@Test
	void fromEachBakesEndToTheNextStageStart() {
		List<EventRecord> events = List.of(event("2026-01-01T00:00:00Z", "stage.started", "s1", "stage s1 started"),
				event("2026-01-01T00:00:01Z", "bake.started", "s1", "stage s1 baking until 2026-01-01T00:00:02Z"),
				event("2026-01-01T00:00:02.150Z", "stage.started", "s2", "stage s2 started"),
				event("2026-01-01T00:00:03Z", "bake.started", "s2", "stage s2 baking until 2026-01-01T00:00:04Z"),
				event("2026-01-01T00:00:04.020Z", "stage.started", "s3", "stage s3 started"));
		assertThat(BakeLateness.of(events)).containsExactly(Duration.ofMillis(150), Duration.ofMillis(20));
	}

	@Test
	void aBakeWithoutANextStageCountsNothing() {
		List<EventRecord> events = List
			.of(event("2026-01-01T00:00:01Z", "bake.started", "s1", "stage s1 baking until 2026-01-01T00:00:02Z"));
		assertThat(BakeLateness.of(events)).isEmpty();
	}

	@Test
	void aBakeWhoseNextStageHasNotStartedHasNoNextStage() {
		List<EventRecord> events = List.of(event("2026-01-01T00:00:00Z", "stage.started", "s1", "stage s1 started"),
				event("2026-01-01T00:00:01Z", "bake.started", "s1", "stage s1 baking until 2026-01-01T00:00:11Z"));
		assertThat(BakeLateness.bakes(events))
			.containsExactly(new BakeLateness.Bake(Instant.parse("2026-01-01T00:00:11Z"), null));
	}

	private static EventRecord event(String at, String kind, String stage, String message) {
		return new EventRecord(Instant.parse(at), kind, stage, message, null, null, null, null);
	}

}
