package io.flotilla.bench.measure;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LowerBoundTests {

	@Test
	void spreadWorkWhenNoClusterDominates() {
		List<Duration> work = List.of(seconds(4), seconds(4), seconds(4), seconds(4));
		assertThat(LowerBound.of(work, 2, Duration.ZERO)).isEqualTo(seconds(8));
	}

	@Test
	void theLongestClusterWhenItDominates() {
		List<Duration> work = List.of(seconds(30), seconds(1), seconds(1));
		assertThat(LowerBound.of(work, 20, Duration.ZERO)).isEqualTo(seconds(30));
	}

	@Test
	void bakesAreAdded() {
		assertThat(LowerBound.of(List.of(seconds(10)), 1, seconds(5))).isEqualTo(seconds(15));
	}

	@Test
	void wavesAsBarriersAddUpTheirOwnBounds() {
		List<List<Duration>> waves = List.of(List.of(seconds(30), seconds(1)), List.of(seconds(30), seconds(1)));
		assertThat(LowerBound.withBarriers(waves, 2, Duration.ZERO)).isEqualTo(seconds(60));
		assertThat(LowerBound.of(List.of(seconds(30), seconds(1), seconds(30), seconds(1)), 2, Duration.ZERO))
			.isEqualTo(seconds(31));
	}

	@Test
	void noWorkIsJustTheBakes() {
		assertThat(LowerBound.of(List.of(), 4, seconds(3))).isEqualTo(seconds(3));
	}

	@Test
	void parallelismMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> LowerBound.of(List.of(), 0, Duration.ZERO));
	}

	private static Duration seconds(long seconds) {
		return Duration.ofSeconds(seconds);
	}

}
