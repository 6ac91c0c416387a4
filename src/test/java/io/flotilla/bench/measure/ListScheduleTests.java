package io.flotilla.bench.measure;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ListScheduleTests {

	@Test
	void aBarrierMakesTheNextWaveWaitForTheSlowestCluster() {
		List<List<Duration>> waves = List.of(List.of(seconds(10), seconds(1)), List.of(seconds(1), seconds(1)));

		assertThat(ListSchedule.withBarriers(waves, 2)).isEqualTo(seconds(11));
	}

	@Test
	void rollingWavesFillTheSlotTheFastClusterLeaves() {
		List<List<Duration>> waves = List.of(List.of(seconds(10), seconds(1)), List.of(seconds(1), seconds(1)));

		assertThat(ListSchedule.rolling(waves, 2)).isEqualTo(seconds(10));
	}

	@Test
	void clustersStartInPlanOrderOnTheFirstFreeSlot() {
		List<List<Duration>> waves = List.of(List.of(seconds(3), seconds(2), seconds(2), seconds(4)));

		// 3 and 2 start at 0; the second 2 takes the slot free at 2 (ends 4); 4 takes the
		// slot free at 3 (ends 7)
		assertThat(ListSchedule.rolling(waves, 2)).isEqualTo(seconds(7));
	}

	@Test
	void oneSlotRunsEverythingInTurn() {
		List<List<Duration>> waves = List.of(List.of(seconds(1), seconds(2)), List.of(seconds(3)));

		assertThat(ListSchedule.withBarriers(waves, 1)).isEqualTo(seconds(6));
		assertThat(ListSchedule.rolling(waves, 1)).isEqualTo(seconds(6));
	}

	@Test
	void noWorkTakesNoTime() {
		assertThat(ListSchedule.rolling(List.of(), 4)).isEqualTo(Duration.ZERO);
		assertThat(ListSchedule.withBarriers(List.of(List.of()), 4)).isEqualTo(Duration.ZERO);
	}

	@Test
	void parallelismMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> ListSchedule.rolling(List.of(List.of(seconds(1))), 0));
	}

	private static Duration seconds(long seconds) {
		return Duration.ofSeconds(seconds);
	}

}
