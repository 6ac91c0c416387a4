package io.flotilla.bench.measure;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpdateDelaysTests {

	private static final Instant AT = Instant.parse("2026-12-01T12:00:00.100Z");

	@Test
	void anUpdateIsTimedFromItsInstantToTheBlankLineThatEndsIt() {
		UpdateDelays delays = new UpdateDelays();

		delays.line("event:update", AT.plusMillis(1));
		delays.line("data:{\"release\":\"r\",\"kind\":\"wave.done\",\"at\":\"" + AT + "\"}", AT.plusMillis(2));
		delays.line("", AT.plusMillis(3));

		assertThat(delays.delays()).containsExactly(Duration.ofMillis(3));
	}

	@Test
	void otherEventsAndDataWithoutAnInstantAreNotTimed() {
		UpdateDelays delays = new UpdateDelays();

		delays.line("event: hello", AT);
		delays.line("data: {\"at\":\"" + AT + "\"}", AT);
		delays.line("", AT.plusMillis(5));
		delays.line(": a comment", AT);
		delays.line("event: update", AT);
		delays.line("data: {\"release\":\"r\"}", AT);
		delays.line("", AT.plusMillis(5));
		delays.line("event: update", AT);
		delays.line("data: {\"at\":\"" + AT + "\"}", AT);
		delays.line("", AT.plusMillis(7));

		assertThat(delays.delays()).containsExactly(Duration.ofMillis(7));
	}

}
