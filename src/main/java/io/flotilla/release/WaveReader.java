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

	private final StageSlots slots;

	WaveReader(ReleaseStore store, String releaseId, Stage stage, ShutdownSignal shutdown, StageSlots slots) {
		this.store = store;
		this.releaseId = releaseId;
		this.stage = stage;
		this.shutdown = shutdown;
		this.slots = slots;
	}

	@Override
	public Wave read() {
		String group = CurrentStep.group();
		if (this.shutdown.isServerStopping() || !this.store.mayStartClusters(this.releaseId)
				|| this.store.stage(this.releaseId, this.stage.name()).overBudget(this.stage)) {
			// clusters the last wave started ahead are waited for and recorded as one
			// more
			// wave before the step stops: a step asked to stop writes no further chunk
			List<ClusterRow> startedAhead = this.slots.of(group).startedAhead();
			if (startedAhead.isEmpty()) {
				CurrentStep.stopAfterThisWave();
			}
			return wave(group, startedAhead);
		}
		return wave(group, this.store.nextWave(this.releaseId, this.stage.name(), group));
	}

	private Wave wave(String group, List<ClusterRow> clusters) {
		return clusters.isEmpty() ? null : new Wave(this.stage.name(), group, clusters.get(0).wave(), clusters);
	}

}
