package io.flotilla.release.wave;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Outcome;
import io.flotilla.fleet.UpgradeResult;
import io.flotilla.release.PlannedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterSlotsTests {

	private final ClusterSlots slots = new ClusterSlots("g", 2);

	private final Map<String, AtomicInteger> upgrades = new ConcurrentHashMap<>();

	@AfterEach
	void close() {
		this.slots.close();
	}

	@Test
	void aSlotTheWaveLeavesFreeTakesAClusterOfTheNextWave() throws Exception {
		CountDownLatch slowMayEnd = new CountDownLatch(1);
		CountDownLatch aheadStarted = new CountDownLatch(1);
		this.slots.beginWave();
		Future<UpgradeResult> slow = this.slots.start(row(1, "slow"), upgrade("slow", slowMayEnd));
		Future<UpgradeResult> fast = this.slots.start(row(1, "fast"), upgrade("fast"));
		this.slots.startAhead(row(2, "next"), () -> {
			aheadStarted.countDown();
			return upgrade("next").call();
		});

		assertThat(fast.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.UPGRADED);
		assertThat(aheadStarted.await(5, TimeUnit.SECONDS)).as("next wave started while the slow cluster runs")
			.isTrue();
		assertThat(slow.isDone()).isFalse();
		slowMayEnd.countDown();
		assertThat(slow.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.UPGRADED);

		this.slots.beginWave();
		Future<UpgradeResult> joined = this.slots.start(row(2, "next"), upgrade("next"));
		assertThat(joined.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.UPGRADED);
		assertThat(this.upgrades.get("next")).as("upgrades of the cluster started ahead").hasValue(1);
	}

	@Test
	void aFailureInTheWaveWithdrawsTheStartsAheadThatHaveNotBegun() throws Exception {
		CountDownLatch busyMayEnd = new CountDownLatch(1);
		this.slots.beginWave();
		Future<UpgradeResult> busy = this.slots.start(row(1, "busy"), upgrade("busy", busyMayEnd));
		CountDownLatch failMayEnd = new CountDownLatch(1);
		Future<UpgradeResult> failing = this.slots.start(row(1, "failing"), () -> {
			failMayEnd.await();
			return new UpgradeResult(Outcome.FAILED, "24.8", "not ready", true);
		});
		this.slots.startAhead(row(2, "next"), upgrade("next"));

		failMayEnd.countDown();
		assertThat(failing.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.FAILED);
		this.slots.startAhead(row(2, "later"), upgrade("later"));
		busyMayEnd.countDown();
		busy.get(5, TimeUnit.SECONDS);

		assertThat(this.slots.startedAhead()).isEmpty();
		this.slots.beginWave();
		assertThat(this.slots.start(row(2, "next"), upgrade("next")).get(5, TimeUnit.SECONDS).outcome())
			.isEqualTo(Outcome.UPGRADED);
		assertThat(this.upgrades.get("next")).as("the withdrawn start ran only when its wave came").hasValue(1);
		assertThat(this.upgrades).doesNotContainKey("later");
	}

	@Test
	void startedAheadWithdrawsTheQueuedAndReturnsTheBegun() throws Exception {
		CountDownLatch holdBoth = new CountDownLatch(1);
		CountDownLatch begun = new CountDownLatch(1);
		this.slots.beginWave();
		Future<UpgradeResult> current = this.slots.start(row(1, "current"), upgrade("current", holdBoth));
		this.slots.startAhead(row(2, "begun"), () -> {
			begun.countDown();
			return upgrade("begun", holdBoth).call();
		});
		this.slots.startAhead(row(2, "queued"), upgrade("queued"));
		assertThat(begun.await(5, TimeUnit.SECONDS)).isTrue();

		List<PlannedCluster> startedAhead = this.slots.startedAhead();
		holdBoth.countDown();
		current.get(5, TimeUnit.SECONDS);

		assertThat(startedAhead).extracting((row) -> row.cluster().name()).containsExactly("begun");
		assertThat(this.slots.start(startedAhead.get(0), () -> null).get(5, TimeUnit.SECONDS).outcome())
			.isEqualTo(Outcome.UPGRADED);
		// The slots take their work first in, first out: once both are busy with starts
		// queued after the withdrawn one, each has finished whatever it took before, the
		// withdrawn start included, so had that start run, it would show by now.
		CountDownLatch bothSlotsBusy = new CountDownLatch(2);
		this.slots.beginWave();
		List<Future<UpgradeResult>> behind = List.of(this.slots.start(row(3, "behind-1"), occupy(bothSlotsBusy)),
				this.slots.start(row(3, "behind-2"), occupy(bothSlotsBusy)));
		for (Future<UpgradeResult> each : behind) {
			assertThat(each.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.UPGRADED);
		}
		assertThat(this.upgrades).doesNotContainKey("queued");
	}

	/**
	 * Holds a slot until as many starts as the latch counts hold one at once.
	 */
	private static Callable<UpgradeResult> occupy(CountDownLatch allBusy) {
		return () -> {
			allBusy.countDown();
			allBusy.await();
			return new UpgradeResult(Outcome.UPGRADED, "24.8", null, true);
		};
	}

	private Callable<UpgradeResult> upgrade(String name) {
		return upgrade(name, new CountDownLatch(0));
	}

	private Callable<UpgradeResult> upgrade(String name, CountDownLatch mayEnd) {
		return () -> {
			this.upgrades.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet();
			mayEnd.await();
			return new UpgradeResult(Outcome.UPGRADED, "24.8", null, true);
		};
	}

	private static PlannedCluster row(int wave, String name) {
		return new PlannedCluster("s", "g", wave, new ClusterRef("ctx", "tenant", name, "24.8"));
	}

}
