package io.flotilla.release.wave;

import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;

/**
 * The step execution running on this thread. The partitions of a stage share one reader
 * and one writer, so each finds its group and its stop switch here rather than in a
 * field.
 * <p>
 * A partition's group is read from its step execution's name, which Spring Batch makes of
 * the partitioned step's name and the partition's key (the group), and which a restart
 * keeps. Its execution context would not do: a restart takes the context the last
 * execution saved, and an execution killed before it saved one leaves it empty.
 */
final class CurrentStep {

	private static final String SEPARATOR = ":";

	private CurrentStep() {
	}

	static StepExecution execution() {
		StepContext context = StepSynchronizationManager.getContext();
		if (context == null) {
			throw new IllegalStateException("No step execution on this thread");
		}
		return context.getStepExecution();
	}

	/**
	 * The group of the partition running on this thread.
	 * @param wavesStep the name of the partitioned step
	 */
	static String group(String wavesStep) {
		return group(execution(), wavesStep);
	}

	static String group(StepExecution partition, String wavesStep) {
		String name = partition.getStepName();
		if (!name.startsWith(wavesStep + SEPARATOR)) {
			throw new IllegalStateException("Step " + name + " is not a partition of " + wavesStep);
		}
		return name.substring(wavesStep.length() + SEPARATOR.length());
	}

	/**
	 * Ends the step as STOPPED once the current wave has committed: the way to pause from
	 * inside a step.
	 */
	static void stopAfterThisWave() {
		execution().setTerminateOnly();
	}

}
