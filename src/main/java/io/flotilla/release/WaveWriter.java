package io.flotilla.release;

import java.util.ArrayList;
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
import io.flotilla.release.ReleaseStore.StageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Upgrades a wave with bounded parallelism and records every cluster's outcome in the
 * chunk's transaction. A failed cluster is an outcome, not an exception: the wave
 * commits, and a stage whose failures exceed its budget pauses the release after this
 * wave.
 */
class WaveWriter implements ItemWriter<Wave> {

	private static final Logger logger = LoggerFactory.getLogger(WaveWriter.class);

	private final Fleet fleet;

	private final ReleaseStore store;

	private final String releaseId;

	private final Stage stage;

	private final UpgradeRequest request;

	WaveWriter(Fleet fleet, ReleaseStore store, String releaseId, Stage stage, UpgradeRequest request) {
		this.fleet = fleet;
		this.store = store;
		this.releaseId = releaseId;
		this.stage = stage;
		this.request = request;
	}

	@Override
	public void write(Chunk<? extends Wave> chunk) throws InterruptedException {
		for (Wave wave : chunk) {
			List<UpgradeResult> results = upgrade(wave);
			for (int i = 0; i < results.size(); i++) {
				record(wave.clusters().get(i).cluster(), results.get(i));
			}
			logger.info("release={} stage={} group={} wave {} done: {}", this.releaseId, wave.stage(), wave.group(),
					wave.number(), summary(results));
			stopIfOverBudget();
		}
	}

	private List<UpgradeResult> upgrade(Wave wave) throws InterruptedException {
		int threads = Math.max(1, Math.min(this.stage.parallelism(), wave.clusters().size()));
		ExecutorService pool = Executors.newFixedThreadPool(threads,
				new CustomizableThreadFactory("wave-" + wave.group() + "-"));
		try {
			List<Future<UpgradeResult>> pending = new ArrayList<>();
			for (ClusterRow row : wave.clusters()) {
				pending.add(pool.submit(() -> this.fleet.upgrade(row.cluster(), this.request)));
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
			logger.warn("release={} stage={} cluster={} FAILED: {}", this.releaseId, this.stage.name(), cluster.key(),
					result.reason());
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
		String reason = "stage %s paused: %d failed clusters over the budget of %d".formatted(this.stage.name(),
				record.failed() - record.acceptedFailures(),
				this.stage.failureBudget().allowedFailures(record.clusters()));
		this.store.updateState(this.releaseId, ReleaseState.PAUSED, reason);
		logger.warn("release={} {}", this.releaseId, reason);
		CurrentStep.stopAfterThisWave();
	}

	private static String summary(List<UpgradeResult> results) {
		long upgraded = results.stream().filter((result) -> result.outcome() == Outcome.UPGRADED).count();
		long current = results.stream().filter((result) -> result.outcome() == Outcome.ALREADY_CURRENT).count();
		long failed = results.stream().filter((result) -> result.outcome() == Outcome.FAILED).count();
		return "%d upgraded, %d already current, %d failed".formatted(upgraded, current, failed);
	}

}
