package io.flotilla.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PodRestartTimesTests {

	@Test
	void fixedTimesWithoutATail() {
		PodRestartTimes times = PodRestartTimes.of(Duration.ofSeconds(2), Duration.ZERO);
		assertThat(times.isRandom()).isFalse();
		assertThat(times.next(new Random(1))).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void zeroMedianIsInstantEvenWithATail() {
		PodRestartTimes times = PodRestartTimes.of(Duration.ZERO, Duration.ofSeconds(30));
		assertThat(times.isInstant()).isTrue();
		assertThat(times.isRandom()).isFalse();
		assertThat(times.next(new Random(1))).isZero();
	}

	@Test
	void lognormalDrawsHaveTheMedianAndTheTailAsked() {
		PodRestartTimes times = PodRestartTimes.of(Duration.ofSeconds(2), Duration.ofSeconds(30));
		assertThat(times.sigma()).isCloseTo(Math.log(15) / 3.0902, within(1e-3));
		Random random = new Random(42);
		List<Long> draws = new ArrayList<>();
		for (int i = 0; i < 200_000; i++) {
			draws.add(times.next(random).toMillis());
		}
		Collections.sort(draws);
		assertThat(draws.get(draws.size() / 2)).isBetween(1950L, 2050L);
		assertThat(draws.get((int) (draws.size() * 0.99))).isBetween(13_000L, 17_000L);
		assertThat(draws.get(draws.size() - 1)).isEqualTo(30_000L);
		assertThat(draws.get(0)).isPositive();
	}

	@Test
	void theSameSeedGivesTheSameDraws() {
		PodRestartTimes times = PodRestartTimes.of(Duration.ofMillis(200), Duration.ofSeconds(3));
		Random one = new Random(7);
		Random two = new Random(7);
		for (int i = 0; i < 100; i++) {
			assertThat(times.next(one)).isEqualTo(times.next(two));
		}
	}

}
