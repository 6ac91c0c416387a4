package io.flotilla.release;

import java.util.ArrayList;
import java.util.List;

import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.UpgradeRequest;
import io.flotilla.plan.Stage;

import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * Reads the next wave of the current partition's group from the release's cluster rows.
 * It keeps no position of its own: the rows' states are the position, committed with each
 * wave, so a restart reads on where the last committed wave ended. A group's first read
 * in an execution takes the clusters an execution that died had changed already, in the
 * interrupted wave or started ahead in the one after it, as a wave of their own
 * ({@link Wave#resumed}).
 */
class WaveReader implements ItemReader<Wave> {

	private final ReleaseStore store;

	private final String releaseId;

	private final Stage stage;

	private final ShutdownSignal shutdown;

	private final StageSlots slots;

	private final Fleet fleet;

	private final UpgradeRequest request;

	WaveReader(ReleaseStore store, String releaseId, Stage stage, ShutdownSignal shutdown, StageSlots slots,
			Fleet fleet, UpgradeRequest request) {
		this.store = store;
		this.fleet = fleet;
		this.request = request;
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
		List<ClusterRow> next = this.store.nextWave(this.releaseId, this.stage.name(), group);
		if (!next.isEmpty() && this.slots.firstRead(group)) {
			List<ClusterRow> changed = changedAlready(group, next);
			if (!changed.isEmpty()) {
				return new Wave(this.stage.name(), group, next.get(0).wave(), changed, true);
			}
		}
		return wave(group, next);
	}

	/**
	 * The clusters of the next wave, and of the one after it, which a dead execution may
	 * have started ahead, that carry this release's change already.
	 */
	private List<ClusterRow> changedAlready(String group, List<ClusterRow> next) {
		List<ClusterRow> candidates = new ArrayList<>(next);
		candidates.addAll(this.store.waveAfter(this.releaseId, this.stage.name(), group, next.get(0).wave()));
		return candidates.stream().filter((row) -> this.fleet.changedBy(row.cluster(), this.request)).toList();
	}

	private Wave wave(String group, List<ClusterRow> clusters) {
		return clusters.isEmpty() ? null : new Wave(this.stage.name(), group, clusters.get(0).wave(), clusters);
	}

}
