package io.flotilla.release.wave;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Outcome;
import io.flotilla.fleet.UpgradeResult;
import io.flotilla.release.PlannedCluster;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * One group's upgrade slots for the length of a rollout step. A wave's clusters are
 * queued first and the next wave's behind them, so a slot that comes free while the
 * wave's slowest clusters still roll takes a cluster of the next wave instead of idling:
 * the wave stays the unit of commit, but not of scheduling.
 * <p>
 * A cluster started ahead is recorded with its own wave, or, when the release stops
 * first, by the last wave before the stop ({@link #startedAhead}). Ahead starts that have
 * not begun are withdrawn as soon as a cluster of the current wave fails, so a wave that
 * fails runs no further than waves as barriers would.
 */
final class ClusterSlots implements AutoCloseable {

	private final ExecutorService slots;

	private final Map<ClusterRef, Ahead> ahead = new LinkedHashMap<>();

	private boolean held;

	ClusterSlots(String group, int parallelism) {
		this.slots = Executors.newFixedThreadPool(Math.max(1, parallelism),
				new CustomizableThreadFactory("wave-" + group + "-"));
	}

	/**
	 * A new wave begins: it may run ahead until one of its clusters fails.
	 */
	synchronized void beginWave() {
		this.held = false;
	}

	/**
	 * Starts a cluster of the current wave, or joins its start ahead.
	 */
	synchronized Future<UpgradeResult> start(PlannedCluster row, Callable<UpgradeResult> upgrade) {
		Ahead started = this.ahead.remove(row.cluster());
		if (started != null) {
			return started.result();
		}
		return this.slots.submit(() -> failuresHold(upgrade.call()));
	}

	/**
	 * Queues a cluster of the next wave behind everything queued so far, unless a cluster
	 * of the current wave has failed.
	 */
	synchronized void startAhead(PlannedCluster row, Callable<UpgradeResult> upgrade) {
		if (!this.held && !this.ahead.containsKey(row.cluster())) {
			AtomicBoolean taken = new AtomicBoolean();
			Future<UpgradeResult> result = this.slots
				.submit(() -> taken.compareAndSet(false, true) ? upgrade.call() : null);
			this.ahead.put(row.cluster(), new Ahead(row, result, taken));
		}
	}

	/**
	 * Withdraws the ahead starts that have not begun and returns the clusters of those
	 * that have: they must be waited for and recorded before the step ends.
	 */
	synchronized List<PlannedCluster> startedAhead() {
		withdrawAhead();
		return this.ahead.values().stream().map(Ahead::row).toList();
	}

	@Override
	public synchronized void close() {
		this.slots.shutdownNow();
	}

	private UpgradeResult failuresHold(UpgradeResult result) {
		if (result != null && result.outcome() == Outcome.FAILED) {
			synchronized (this) {
				this.held = true;
				withdrawAhead();
			}
		}
		return result;
	}

	/**
	 * A start ahead and its withdrawal race for the same flag, so a cluster is either
	 * upgraded and awaited, or left alone: a future's cancel cannot tell, as it succeeds
	 * on a task already running.
	 */
	private void withdrawAhead() {
		Iterator<Ahead> each = this.ahead.values().iterator();
		while (each.hasNext()) {
			Ahead next = each.next();
			if (next.taken().compareAndSet(false, true)) {
				next.result().cancel(false);
				each.remove();
			}
		}
	}

	private record Ahead(PlannedCluster row, Future<UpgradeResult> result, AtomicBoolean taken) {

	}

}
