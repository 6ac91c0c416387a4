package io.flotilla.plan;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DurationsTests {

	@ParameterizedTest
	@CsvSource({ "500ms, PT0.5S", "10s, PT10S", "5m, PT5M", "1h30m, PT1H30M", "2h, PT2H", "1d, PT24H",
			"1d2h3m4s5ms, PT26H3M4.005S", "0s, PT0S", "0, PT0S", "PT10S, PT10S", "pt1m, PT1M", "P1D, PT24H" })
	void parsesGoStyleAndIso(String text, Duration expected) {
		assertThat(Durations.parse(text)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "10 minutes", "-5s", "5x", "", "10", "1.5h", "30s1m", "5m5m", "-PT5S", "PT", "ms",
			"99999999999999999999d" })
	void rejectsAnythingElseNamingTheAcceptedForms(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text))
			.withMessage("invalid duration '" + text + "'; " + Durations.ACCEPTED_FORMS);
	}

	@Test
	void rejectsNull() {
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(null))
			.withMessageStartingWith("invalid duration 'null'");
	}

	@ParameterizedTest
	@CsvSource({ "PT1H30M, 1h30m", "PT10S, 10s", "PT0.5S, 500ms", "PT0S, 0s", "PT26H0.25S, 1d2h250ms", "PT-10S, -10s",
			"PT0.0000001S, 0s" })
	void formatsLargestUnitFirstToTheMillisecond(Duration duration, String expected) {
		assertThat(Durations.format(duration)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1h30m", "10s", "500ms", "1d12h", "2h1s" })
	void formatReadsBackAsTheSameDuration(String text) {
		Duration duration = Durations.parse(text);

		assertThat(Durations.format(duration)).isEqualTo(text);
	}

}
