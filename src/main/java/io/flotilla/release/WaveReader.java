package io.flotilla.release;

import java.util.List;

import io.flotilla.plan.Stage;

import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * Reads the next wave of the current partition's group from the release's cluster rows.
 * It keeps no position of its own: the rows' states are the position, committed with each
 * wave, so a restart reads on where the last committed wave ended.
 */
class WaveReader implements ItemReader<Wave> {

	private final ReleaseStore store;

	private final String releaseId;

	private final Stage stage;

	private final ShutdownSignal shutdown;

	WaveReader(ReleaseStore store, String releaseId, Stage stage, ShutdownSignal shutdown) {
		this.store = store;
		this.releaseId = releaseId;
		this.stage = stage;
		this.shutdown = shutdown;
	}

	@Override
	public Wave read() {
		if (this.shutdown.isServerStopping() || !this.store.mayStartClusters(this.releaseId)
				|| this.store.stage(this.releaseId, this.stage.name()).overBudget(this.stage)) {
			CurrentStep.stopAfterThisWave();
			return null;
		}
		String group = CurrentStep.group();
		List<ClusterRow> clusters = this.store.nextWave(this.releaseId, this.stage.name(), group);
		return clusters.isEmpty() ? null : new Wave(this.stage.name(), group, clusters.get(0).wave(), clusters);
	}

}
