package io.flotilla.bench.measure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTests {

	@Test
	void nearestRank() {
		List<Duration> sample = new ArrayList<>();
		for (int i = 100; i >= 1; i--) {
			sample.add(Duration.ofMillis(i));
		}
		Percentiles percentiles = new Percentiles(sample);
		assertThat(percentiles.at(50)).isEqualTo(Duration.ofMillis(50));
		assertThat(percentiles.at(99)).isEqualTo(Duration.ofMillis(99));
		assertThat(percentiles.max()).isEqualTo(Duration.ofMillis(100));
		assertThat(percentiles.count()).isEqualTo(100);
	}

	@Test
	void oneValueIsEveryPercentile() {
		Percentiles percentiles = new Percentiles(List.of(Duration.ofMillis(7)));
		assertThat(percentiles.at(1)).isEqualTo(Duration.ofMillis(7));
		assertThat(percentiles.at(99)).isEqualTo(Duration.ofMillis(7));
	}

	@Test
	void emptySampleHasNoPercentiles() {
		assertThat(new Percentiles(List.of()).at(50)).isNull();
		assertThat(new Percentiles(List.of()).max()).isNull();
	}

}
