package io.flotilla.plan;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RestartPolicyTests {

	@ParameterizedTest
	@CsvSource({ "1m, 30m, 1, PT1M", "1m, 30m, 2, PT2M", "1m, 30m, 3, PT4M", "1m, 30m, 4, PT8M", "1m, 30m, 5, PT16M",
			"1m, 30m, 6, PT30M", "1m, 30m, 7, PT30M", "1m, 30m, 62, PT30M", "1m, 30m, 63, PT30M", "1m, 30m, 64, PT30M",
			"1m, 30m, 1000, PT30M", "1m, 30m, 2147483647, PT30M", "10s, 2m, 1, PT10S", "10s, 2m, 4, PT1M20S",
			"10s, 2m, 5, PT2M", "7s, 1m, 4, PT56S", "7s, 1m, 5, PT1M", "5m, 5m, 1, PT5M", "5m, 5m, 3, PT5M",
			"0s, 0s, 1, PT0S", "0s, 1h, 40, PT0S", "0s, 1h, 100, PT0S", "1ms, 1d, 20, PT8M44.288S",
			"1ms, 1d, 30, PT24H" })
	void waitsTwiceAsLongBeforeEachRestartUpToTheLongestWait(String backoff, String maxBackoff, int attempt,
			Duration delay) {
		RestartPolicy policy = new RestartPolicy(3, Durations.parse(backoff), Durations.parse(maxBackoff));

		assertThat(policy.delayBefore(attempt)).isEqualTo(delay);
	}

	@Test
	void aWaitOfNanosecondsDoublesWithoutOverflowingUpToTheLongestDuration() {
		Duration longest = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
		RestartPolicy policy = new RestartPolicy(3, Duration.ofNanos(1), longest);

		assertThat(policy.delayBefore(63)).isEqualTo(Duration.ofNanos(1L << 62));
		assertThat(policy.delayBefore(64)).isEqualTo(longest);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, Integer.MIN_VALUE })
	void countsRestartsFromOne(int attempt) {
		assertThatIllegalArgumentException().isThrownBy(() -> RestartPolicy.NONE.delayBefore(attempt))
			.withMessage("restarts are counted from 1, not " + attempt);
	}

	@Test
	void refusesAPolicyThatCouldNotBeWritten() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RestartPolicy(-1, Duration.ofMinutes(1), Duration.ofMinutes(30)))
			.withMessage("maxAttempts must be at least 0, not -1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RestartPolicy(3, Duration.ofMinutes(5), Duration.ofMinutes(1)))
			.withMessage("backoff must be from 0 to maxBackoff (1m), not 5m");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RestartPolicy(3, Duration.ofMinutes(-1), Duration.ofMinutes(1)))
			.withMessage("backoff must be from 0 to maxBackoff (1m), not -1m");
	}

	@Test
	void noRestartsKeepsTheDefaultWaits() {
		assertThat(RestartPolicy.NONE)
			.isEqualTo(new RestartPolicy(0, RestartPolicy.DEFAULT_BACKOFF, RestartPolicy.DEFAULT_MAX_BACKOFF));
		assertThat(RestartPolicy.DEFAULT_BACKOFF).isEqualTo(Duration.ofMinutes(1));
		assertThat(RestartPolicy.DEFAULT_MAX_BACKOFF).isEqualTo(Duration.ofMinutes(30));
	}

}
