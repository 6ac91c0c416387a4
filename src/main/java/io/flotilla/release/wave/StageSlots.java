package io.flotilla.release.wave;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.flotilla.release.PlannedCluster;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * The upgrade slots of a rollout step's groups, shared by the step's reader and writer. A
 * group's slots live as long as its partition, so clusters started ahead carry over from
 * one wave's chunk to the next, and are closed with it, however it ends.
 */
final class StageSlots implements StepExecutionListener {

	private final Map<String, ClusterSlots> byGroup = new ConcurrentHashMap<>();

	private final Set<String> read = ConcurrentHashMap.newKeySet();

	private final Map<String, List<PlannedCluster>> resumedInFlight = new ConcurrentHashMap<>();

	private final int parallelism;

	private final String wavesStep;

	/**
	 * @param wavesStep the name of the partitioned step whose groups these are
	 */
	StageSlots(int parallelism, String wavesStep) {
		this.parallelism = parallelism;
		this.wavesStep = wavesStep;
	}

	ClusterSlots of(String group) {
		return this.byGroup.computeIfAbsent(group, (name) -> new ClusterSlots(name, this.parallelism));
	}

	/**
	 * @return true the first time it is asked for a group: the group's first read in this
	 * execution
	 */
	boolean firstRead(String group) {
		return this.read.add(group);
	}

	/**
	 * Keeps the clusters a dead execution left in flight for the group's next read, once
	 * the ones whose outcome is known are recorded.
	 */
	void resumeLater(String group, List<PlannedCluster> inFlight) {
		this.resumedInFlight.put(group, List.copyOf(inFlight));
	}

	/**
	 * @return the clusters {@link #resumeLater} kept for the group, once; empty when none
	 */
	List<PlannedCluster> takeResumedLater(String group) {
		List<PlannedCluster> inFlight = this.resumedInFlight.remove(group);
		return (inFlight != null) ? inFlight : List.of();
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		String group = CurrentStep.group(stepExecution, this.wavesStep);
		this.resumedInFlight.remove(group);
		ClusterSlots slots = this.byGroup.remove(group);
		if (slots != null) {
			slots.close();
		}
		return null;
	}

}
