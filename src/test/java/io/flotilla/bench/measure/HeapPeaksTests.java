package io.flotilla.bench.measure;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HeapPeaksTests {

	@Test
	void aCollectionShowsTheHeapInUseBeforeItAndWhatItLeft() {
		HeapPeaks peaks = HeapPeaks.watch();
		long maxHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
		byte[][] held = new byte[16][];
		for (int i = 0; i < held.length; i++) {
			held[i] = new byte[1 << 20];
		}

		System.gc();

		await().atMost(Duration.ofSeconds(10)).until(() -> peaks.collections() > 0);
		assertThat(Arrays.stream(held).mapToInt((block) -> block.length).sum()).isEqualTo(16 << 20);
		assertThat(peaks.afterCollection()).as("the blocks still held after the collection")
			.isGreaterThanOrEqualTo(16L << 20);
		assertThat(peaks.inUse()).isGreaterThanOrEqualTo(16L << 20);
		assertThat(peaks.afterCollection()).isLessThanOrEqualTo(peaks.inUse());
		if (maxHeap > 0) {
			assertThat(peaks.inUse()).isLessThanOrEqualTo(maxHeap);
		}
	}

}
