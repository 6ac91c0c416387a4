package io.flotilla.bench;

import java.time.Duration;
import java.time.Instant;

import io.flotilla.bench.BakeRestart.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BakeRestartTests {

	private static final Instant DUE = Instant.parse("2026-01-01T00:00:10Z");

	@Test
	void measuresFromTheLaunchAndFromTheFirstAnswer() {
		Outcome outcome = new Outcome(DUE, at(1), at(13), at(19.5), at(21.25));

		assertThat(outcome.problems()).isEmpty();
		assertThat(outcome.fromLaunch()).isEqualTo(Duration.ofMillis(8250));
		assertThat(outcome.fromAnswer()).isEqualTo(Duration.ofMillis(1750));
		assertThat(outcome.lateness()).isEqualTo(Duration.ofMillis(11250));
	}

	@Test
	void aNextStageBeforeTheBakesEndIsAShortenedBake() {
		Outcome outcome = new Outcome(DUE, at(1), at(13), at(19.5), at(9.5));

		assertThat(outcome.problems()).singleElement()
			.asString()
			.startsWith("the bake was shortened: the next stage started 0.5 s before");
	}

	@Test
	void aKillAfterTheBakesEndDoesNotSpanIt() {
		Outcome outcome = new Outcome(DUE, at(10), at(13), at(19.5), at(21));

		assertThat(outcome.problems()).singleElement().asString().contains("did not span it");
	}

	@Test
	void aKillWhenTheTimerMayBeClaimedIsADifferentPath() {
		Outcome outcome = new Outcome(DUE, at(5.5), at(13), at(19.5), at(21));

		assertThat(outcome.problems()).singleElement().asString().contains("may have claimed the timer");
	}

	@Test
	void aLaunchBeforeTheBakesEndDoesNotSpanIt() {
		Outcome outcome = new Outcome(DUE, at(1), at(9), at(15), at(16));

		assertThat(outcome.problems()).singleElement().asString().contains("launched before the bake's end");
	}

	@Test
	void aNextStageThatNeverStartedIsAProblem() {
		Outcome outcome = new Outcome(DUE, at(1), at(13), at(19.5), null);

		assertThat(outcome.problems()).singleElement().asString().startsWith("the next stage had not started");
	}

	private static Instant at(double seconds) {
		return DUE.minusSeconds(10).plusMillis((long) (seconds * 1000));
	}

}
