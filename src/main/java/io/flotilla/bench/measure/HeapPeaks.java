package io.flotilla.bench.measure;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

/**
 * The heap's high points as the garbage collector saw them: the most in use when a
 * collection began (all the heap had to hold at once, garbage included) and the most
 * still in use after one (an upper bound of the live data). Each is a sum over the heap
 * pools at one moment; the pools' own peaks come at different moments, and their sum can
 * exceed the largest heap allowed.
 */
final class HeapPeaks implements NotificationListener {

	private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans()
		.stream()
		.filter((pool) -> pool.getType() == MemoryType.HEAP)
		.map(MemoryPoolMXBean::getName)
		.collect(Collectors.toSet());

	private final AtomicLong inUse = new AtomicLong();

	private final AtomicLong afterCollection = new AtomicLong();

	private final AtomicLong collections = new AtomicLong();

	private HeapPeaks() {
	}

	static HeapPeaks watch() {
		HeapPeaks peaks = new HeapPeaks();
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener(peaks, null, null);
			}
		}
		return peaks;
	}

	@Override
	public void handleNotification(Notification notification, Object handback) {
		if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
			return;
		}
		GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
		this.inUse.accumulateAndGet(heapUsed(info.getMemoryUsageBeforeGc()), Math::max);
		this.afterCollection.accumulateAndGet(heapUsed(info.getMemoryUsageAfterGc()), Math::max);
		this.collections.incrementAndGet();
	}

	long collections() {
		return this.collections.get();
	}

	/**
	 * @return the most heap in use at once, in bytes, now included
	 */
	long inUse() {
		return Math.max(this.inUse.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
	}

	/**
	 * @return the most heap still in use after a collection, in bytes; what is in use now
	 * when no collection ran
	 */
	long afterCollection() {
		long after = this.afterCollection.get();
		return (after > 0) ? after : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private long heapUsed(Map<String, MemoryUsage> pools) {
		return pools.entrySet()
			.stream()
			.filter((pool) -> this.heapPools.contains(pool.getKey()))
			.mapToLong((pool) -> pool.getValue().getUsed())
			.sum();
	}

}
