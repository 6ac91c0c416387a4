package io.flotilla.release;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.flotilla.control.ReleaseState;
import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.Outcome;
import io.flotilla.fleet.UpgradeRequest;
import io.flotilla.fleet.UpgradeResult;
import io.flotilla.plan.Stage;
import io.flotilla.release.ReleaseEvent.BudgetBreached;
import io.flotilla.release.ReleaseEvent.ClusterFailed;
import io.flotilla.release.ReleaseEvent.GateWaiting;
import io.flotilla.release.ReleaseEvent.WaveDone;
import io.flotilla.release.ReleaseStore.StageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Upgrades a wave with bounded parallelism and records every cluster's outcome in the
 * chunk's transaction. A failed cluster is an outcome, not an exception: the wave
 * commits. No cluster starts once the release was asked to stop (its clusters in flight
 * finish, the others stay pending for the next run), and a stage whose failures exceed
 * its budget, or whose first wave needs a look, stops the release after this wave.
 */
class WaveWriter implements ItemWriter<Wave> {

	private static final Logger logger = LoggerFactory.getLogger(WaveWriter.class);

	private final Fleet fleet;

	private final ReleaseStore store;

	private final ReleaseEvents events;

	private final Clock clock;

	private final String releaseId;

	private final Stage stage;

	private final UpgradeRequest request;

	WaveWriter(Fleet fleet, ReleaseStore store, ReleaseEvents events, Clock clock, String releaseId, Stage stage,
			UpgradeRequest request) {
		this.fleet = fleet;
		this.store = store;
		this.events = events;
		this.clock = clock;
		this.releaseId = releaseId;
		this.stage = stage;
		this.request = request;
	}

	@Override
	public void write(Chunk<? extends Wave> chunk) throws InterruptedException {
		for (Wave wave : chunk) {
			List<UpgradeResult> results = upgrade(wave);
			List<UpgradeResult> done = new ArrayList<>();
			for (int i = 0; i < results.size(); i++) {
				if (results.get(i) != null) {
					record(wave.clusters().get(i).cluster(), results.get(i));
					done.add(results.get(i));
				}
			}
			this.events.record(new WaveDone(this.releaseId, this.clock.instant(), wave.stage(), wave.group(),
					wave.number(), count(done, Outcome.UPGRADED), count(done, Outcome.ALREADY_CURRENT),
					count(done, Outcome.FAILED)));
			stopIfOverBudget();
			stopForALookAtTheFirstWave(wave);
		}
	}

	/**
	 * @return each cluster's result, or null for a cluster not started because the
	 * release was asked to stop
	 */
	private List<UpgradeResult> upgrade(Wave wave) throws InterruptedException {
		int threads = Math.max(1, Math.min(this.stage.parallelism(), wave.clusters().size()));
		ExecutorService pool = Executors.newFixedThreadPool(threads,
				new CustomizableThreadFactory("wave-" + wave.group() + "-"));
		try {
			List<Future<UpgradeResult>> pending = new ArrayList<>();
			for (ClusterRow row : wave.clusters()) {
				pending.add(pool.submit(() -> this.store.mayStartClusters(this.releaseId)
						? this.fleet.upgrade(row.cluster(), this.request) : null));
			}
			List<UpgradeResult> results = new ArrayList<>();
			for (Future<UpgradeResult> result : pending) {
				results.add(result.get());
			}
			return results;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Upgrading a cluster failed unexpectedly", ex.getCause());
		}
		finally {
			pool.shutdownNow();
		}
	}

	private void record(ClusterRef cluster, UpgradeResult result) {
		this.store.recordOutcome(this.releaseId, cluster, result);
		if (result.outcome() == Outcome.FAILED) {
			this.events.record(new ClusterFailed(this.releaseId, this.clock.instant(), this.stage.name(), cluster.key(),
					result.reason()));
		}
		else {
			logger.info("release={} stage={} cluster={} {} {} -> {}", this.releaseId, this.stage.name(), cluster.key(),
					result.outcome(), cluster.version(), this.request.version().target());
		}
	}

	private void stopIfOverBudget() {
		StageRecord record = this.store.stage(this.releaseId, this.stage.name());
		if (!record.overBudget(this.stage)) {
			return;
		}
		int failed = record.failed() - record.acceptedFailures();
		int budget = this.stage.failureBudget().allowedFailures(record.clusters());
		BudgetBreached breach = new BudgetBreached(this.releaseId, this.clock.instant(), this.stage.name(), failed,
				budget,
				this.store.failures(this.releaseId)
					.stream()
					.filter((failure) -> failure.stage().equals(this.stage.name()))
					.toList());
		if (this.store.transition(this.releaseId, EnumSet.of(ReleaseState.RUNNING, ReleaseState.STARTING),
				ReleaseState.BUDGET_EXCEEDED, breach.describe())) {
			this.events.record(breach);
		}
		CurrentStep.stopAfterThisWave();
	}

	private void stopForALookAtTheFirstWave(Wave wave) {
		if (wave.number() != 1 || !this.stage.pauseAfterFirstWave()
				|| this.store.approved(this.releaseId, Gate.FIRST_WAVE, this.stage.name())) {
			return;
		}
		String waitingFor = "a look at the first wave of stage " + this.stage.name();
		if (this.store.awaitApproval(this.releaseId, Gate.FIRST_WAVE, this.stage.name(), "waiting for " + waitingFor)) {
			this.events.record(new GateWaiting(this.releaseId, this.clock.instant(), this.stage.name(), waitingFor));
		}
		CurrentStep.stopAfterThisWave();
	}

	private static int count(List<UpgradeResult> results, Outcome outcome) {
		return (int) results.stream().filter((result) -> result.outcome() == outcome).count();
	}

}
