package io.flotilla.release.wave;

import java.util.ArrayList;
import java.util.List;

import io.flotilla.fleet.Fleet;
import io.flotilla.release.PlannedCluster;
import io.flotilla.release.store.ClusterTable;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageTable;

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

	private final Rollout rollout;

	private final ReleaseTable releases;

	private final StageTable stages;

	private final ClusterTable clusters;

	private final Fleet fleet;

	private final ShutdownSignal shutdown;

	WaveReader(Rollout rollout, ReleaseTable releases, StageTable stages, ClusterTable clusters, Fleet fleet,
			ShutdownSignal shutdown) {
		this.rollout = rollout;
		this.releases = releases;
		this.stages = stages;
		this.clusters = clusters;
		this.fleet = fleet;
		this.shutdown = shutdown;
	}

	@Override
	public Wave read() {
		String group = CurrentStep.group(this.rollout.wavesStep());
		String releaseId = this.rollout.releaseId();
		if (this.shutdown.isServerStopping() || !this.releases.mayStartClusters(releaseId)
				|| this.stages.stage(releaseId, this.rollout.stageName()).overBudget(this.rollout.stage())) {
			// clusters the last wave started ahead are awaited and recorded as one more
			// wave before the step stops: a step asked to stop writes no more chunks
			List<PlannedCluster> startedAhead = this.rollout.slots().of(group).startedAhead();
			if (startedAhead.isEmpty()) {
				CurrentStep.stopAfterThisWave();
			}
			return wave(group, startedAhead);
		}
		List<PlannedCluster> next = this.clusters.nextWave(releaseId, this.rollout.stageName(), group);
		if (!next.isEmpty() && this.rollout.slots().firstRead(group)) {
			List<PlannedCluster> changed = changedAlready(group, next);
			if (!changed.isEmpty()) {
				return new Wave(this.rollout.stageName(), group, next.get(0).wave(), changed, true);
			}
		}
		return wave(group, next);
	}

	/**
	 * The clusters of the next wave, and of the one after it, which a dead execution may
	 * have started ahead, that carry this release's change already.
	 */
	private List<PlannedCluster> changedAlready(String group, List<PlannedCluster> next) {
		List<PlannedCluster> candidates = new ArrayList<>(next);
		candidates.addAll(
				this.clusters.waveAfter(this.rollout.releaseId(), this.rollout.stageName(), group, next.get(0).wave()));
		return candidates.stream()
			.filter((row) -> this.fleet.changedBy(row.cluster(), this.rollout.request()))
			.toList();
	}

	private Wave wave(String group, List<PlannedCluster> clusters) {
		return clusters.isEmpty() ? null : new Wave(this.rollout.stageName(), group, clusters.get(0).wave(), clusters);
	}

}
