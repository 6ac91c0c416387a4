package io.flotilla.release;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
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

/**
 * Upgrades a wave with bounded parallelism and records every cluster's outcome in the
 * chunk's transaction. A failed cluster is an outcome, not an exception: the wave
 * commits. Slots the wave's last clusters leave free take clusters of the next wave
 * ({@link ClusterSlots}), recorded with that wave. No cluster starts once the release was
 * asked to stop (its clusters in flight finish and are recorded, the others stay pending
 * for the next run), and a stage whose failures exceed its budget, or whose first wave
 * needs a look, stops the release after this wave.
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

	private final StageSlots slots;

	private final ShutdownSignal shutdown;

	WaveWriter(Fleet fleet, ReleaseStore store, ReleaseEvents events, Clock clock, String releaseId, Stage stage,
			UpgradeRequest request, StageSlots slots, ShutdownSignal shutdown) {
		this.fleet = fleet;
		this.store = store;
		this.events = events;
		this.clock = clock;
		this.releaseId = releaseId;
		this.stage = stage;
		this.request = request;
		this.slots = slots;
		this.shutdown = shutdown;
	}

	@Override
	public void write(Chunk<? extends Wave> chunk) throws InterruptedException {
		for (Wave wave : chunk) {
			ClusterSlots slots = this.slots.of(wave.group());
			List<UpgradeResult> done = recordAll(wave.clusters(), upgrade(wave, slots));
			this.events.record(new WaveDone(this.releaseId, this.clock.instant(), wave.stage(), wave.group(),
					wave.number(), count(done, Outcome.UPGRADED), count(done, Outcome.ALREADY_CURRENT),
					count(done, Outcome.FAILED)));
			stopIfOverBudget();
			stopForALookAtTheFirstWave(wave);
			if (stopping()) {
				// the release stops with nothing in flight and nothing it changed
				// unrecorded
				List<ClusterRow> ahead = slots.startedAhead();
				recordAll(ahead, await(ahead.stream().map((row) -> slots.start(row, () -> null)).toList()));
			}
		}
	}

	/**
	 * Starts the wave's clusters, then queues the next wave's behind them, and waits for
	 * the wave's own.
	 * @return each cluster's result, or null for a cluster not started because the
	 * release was asked to stop
	 */
	private List<UpgradeResult> upgrade(Wave wave, ClusterSlots slots) throws InterruptedException {
		slots.beginWave();
		List<Future<UpgradeResult>> pending = new ArrayList<>();
		for (ClusterRow row : wave.clusters()) {
			pending.add(slots.start(row, () -> this.store.mayStartClusters(this.releaseId) ? upgrade(row) : null));
		}
		if (mayRunAhead(wave)) {
			for (ClusterRow next : this.store.waveAfter(this.releaseId, this.stage.name(), wave.group(),
					wave.number())) {
				slots.startAhead(next,
						() -> (!this.shutdown.isServerStopping() && this.store.mayStartClusters(this.releaseId))
								? upgrade(next) : null);
			}
		}
		return await(pending);
	}

	private UpgradeResult upgrade(ClusterRow row) throws InterruptedException {
		return this.fleet.upgrade(row.cluster(), this.request);
	}

	/**
	 * Not past a first wave that waits for a look, nor once the release is stopping, nor
	 * from a resumed wave, whose own other clusters come next.
	 */
	private boolean mayRunAhead(Wave wave) {
		if (wave.resumed()) {
			return false;
		}
		boolean firstWaveGate = wave.number() == 1 && this.stage.pauseAfterFirstWave()
				&& !this.store.approved(this.releaseId, Gate.FIRST_WAVE, this.stage.name());
		return !firstWaveGate && !stopping();
	}

	private boolean stopping() {
		return CurrentStep.execution().isTerminateOnly() || this.shutdown.isServerStopping()
				|| !this.store.mayStartClusters(this.releaseId);
	}

	private static List<UpgradeResult> await(List<Future<UpgradeResult>> pending) throws InterruptedException {
		List<UpgradeResult> results = new ArrayList<>();
		for (Future<UpgradeResult> result : pending) {
			try {
				results.add(result.get());
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("Upgrading a cluster failed unexpectedly", ex.getCause());
			}
		}
		return results;
	}

	/**
	 * @return the results recorded, leaving out the clusters that were not started
	 */
	private List<UpgradeResult> recordAll(List<ClusterRow> rows, List<UpgradeResult> results) {
		List<UpgradeResult> done = new ArrayList<>();
		for (int i = 0; i < results.size(); i++) {
			if (results.get(i) != null) {
				record(rows.get(i).cluster(), results.get(i));
				done.add(results.get(i));
			}
		}
		return done;
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
		if (wave.resumed() || wave.number() != 1 || !this.stage.pauseAfterFirstWave()
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
