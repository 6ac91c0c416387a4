package io.flotilla.release.wave;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.PriorChange;
import io.flotilla.release.PlannedCluster;
import io.flotilla.release.store.ClusterTable;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * Reads the next wave of the current partition's group from the release's cluster rows.
 * It keeps no position of its own: the rows' states are the position, committed with each
 * wave, so a restart reads on where the last committed wave ended. A group's first read
 * in an execution takes the clusters an execution that died had changed already, in the
 * interrupted wave or started ahead in the one after it, as a wave of their own
 * ({@link Wave#resumed}): first those whose outcome is known already (ready, or past the
 * deadline their patch set), then those still in flight, so that every restart records
 * something before it waits on anything, however often the server is killed.
 */
class WaveReader implements ItemReader<Wave> {

	private static final Logger logger = LoggerFactory.getLogger(WaveReader.class);

	private final Rollout rollout;

	private final ReleaseTable releases;

	private final StageTable stages;

	private final ClusterTable clusters;

	private final Fleet fleet;

	private final ShutdownSignal shutdown;

	private final WaveHold hold;

	WaveReader(Rollout rollout, ReleaseTable releases, StageTable stages, ClusterTable clusters, Fleet fleet,
			ShutdownSignal shutdown, WaveHold hold) {
		this.hold = hold;
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
			return lastWave(group);
		}
		List<PlannedCluster> resumedLater = this.rollout.slots().takeResumedLater(group);
		if (!resumedLater.isEmpty()) {
			return resumed(group, resumedLater);
		}
		List<PlannedCluster> next = this.clusters.nextWave(releaseId, this.rollout.stageName(), group);
		if (!next.isEmpty() && this.rollout.slots().firstRead(group)) {
			Map<PriorChange, List<PlannedCluster>> changed = changedAlready(group, next);
			List<PlannedCluster> settled = changed.getOrDefault(PriorChange.SETTLED, List.of());
			List<PlannedCluster> inFlight = changed.getOrDefault(PriorChange.IN_FLIGHT, List.of());
			if (!settled.isEmpty() || !inFlight.isEmpty()) {
				logger.info(
						"release={} stage={} group={} resumed: {} clusters a dead execution changed are settled"
								+ " and recorded first, {} still in flight",
						releaseId, this.rollout.stageName(), group, settled.size(), inFlight.size());
			}
			if (!settled.isEmpty()) {
				this.rollout.slots().resumeLater(group, inFlight);
				return resumed(group, settled);
			}
			if (!inFlight.isEmpty()) {
				return resumed(group, inFlight);
			}
		}
		if (!next.isEmpty() && this.hold.holds(this.rollout.stage())) {
			return lastWave(group);
		}
		return wave(group, next);
	}

	/**
	 * The clusters the last wave started ahead, awaited and recorded as one more wave
	 * before the step stops: a step asked to stop writes no more chunks.
	 */
	private Wave lastWave(String group) {
		List<PlannedCluster> startedAhead = this.rollout.slots().of(group).startedAhead();
		if (startedAhead.isEmpty()) {
			CurrentStep.stopAfterThisWave();
		}
		return wave(group, startedAhead);
	}

	/**
	 * The clusters of the next wave, and of the one after it, which a dead execution may
	 * have started ahead, that carry this release's change already, by whether their
	 * outcome is known now.
	 */
	private Map<PriorChange, List<PlannedCluster>> changedAlready(String group, List<PlannedCluster> next) {
		List<PlannedCluster> candidates = new ArrayList<>(next);
		candidates.addAll(
				this.clusters.waveAfter(this.rollout.releaseId(), this.rollout.stageName(), group, next.get(0).wave()));
		Map<PriorChange, List<PlannedCluster>> changed = new EnumMap<>(PriorChange.class);
		for (PlannedCluster row : candidates) {
			PriorChange prior = this.fleet.priorChange(row.cluster(), this.rollout.request(), row.pendingSince());
			if (prior != PriorChange.NONE) {
				changed.computeIfAbsent(prior, (key) -> new ArrayList<>()).add(row);
			}
		}
		return changed;
	}

	private Wave resumed(String group, List<PlannedCluster> clusters) {
		int first = clusters.stream().mapToInt(PlannedCluster::wave).min().orElseThrow();
		return new Wave(this.rollout.stageName(), group, first, clusters, true);
	}

	private Wave wave(String group, List<PlannedCluster> clusters) {
		return clusters.isEmpty() ? null : new Wave(this.rollout.stageName(), group, clusters.get(0).wave(), clusters);
	}

}
