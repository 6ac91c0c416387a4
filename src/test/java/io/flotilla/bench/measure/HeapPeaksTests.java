package io.flotilla.bench.measure;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeapPeaksTests {

	private static final int HELD = 32 << 20;

	@Test
	void theHeapInUseCoversAnArrayStillHeld() {
		HeapPeaks peaks = HeapPeaks.watch();
		byte[] held = new byte[HELD];

		// what is in use now counts, whether or not a collection has run since
		assertThat(peaks.inUse()).isGreaterThanOrEqualTo(HELD);
		Reference.reachabilityFence(held);
	}

	@Test
	void aCollectionWhileAnArrayIsHeldLeavesItInBothFigures() throws Exception {
		HeapPeaks peaks = HeapPeaks.watch();
		byte[] held = new byte[HELD];
		// Registered after the peaks on every collector: a collector hands a notification
		// to its listeners one after the other, in the order they were added, so when
		// this one hears of the collection, the peaks have taken it in.
		CountDownLatch collected = new CountDownLatch(1);
		List<Runnable> removals = listenToExplicitCollections(collected);
		try {
			System.gc();

			assertThat(collected.await(1, TimeUnit.MINUTES)).as("notification of the System.gc() collection").isTrue();
		}
		finally {
			removals.forEach(Runnable::run);
		}
		assertThat(peaks.collections()).isPositive();
		assertThat(peaks.afterCollection()).as("the array survived the collection").isGreaterThanOrEqualTo(HELD);
		assertThat(peaks.inUse()).isGreaterThanOrEqualTo(peaks.afterCollection());
		Reference.reachabilityFence(held);
	}

	/**
	 * Counts down when a collector reports a collection that {@code System.gc()} caused,
	 * so not one the array's allocation set off before the array existed.
	 */
	private static List<Runnable> listenToExplicitCollections(CountDownLatch collected) {
		NotificationListener listener = (notification, handback) -> {
			if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())
					&& "System.gc()"
						.equals(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
							.getGcCause())) {
				collected.countDown();
			}
		};
		List<Runnable> removals = new ArrayList<>();
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener(listener, null, null);
				removals.add(() -> {
					try {
						emitter.removeNotificationListener(listener);
					}
					catch (ListenerNotFoundException ex) {
						// not added after all
					}
				});
			}
		}
		return removals;
	}

}
