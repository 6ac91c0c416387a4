package io.flotilla.release.wave;

import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;

/**
 * The step execution running on this thread. The partitions of a stage share one reader
 * and one writer, so each finds its group and its stop switch here rather than in a
 * field.
 */
final class CurrentStep {

	static final String GROUP = "flotilla.group";

	private CurrentStep() {
	}

	static StepExecution execution() {
		StepContext context = StepSynchronizationManager.getContext();
		if (context == null) {
			throw new IllegalStateException("No step execution on this thread");
		}
		return context.getStepExecution();
	}

	static String group() {
		return execution().getExecutionContext().getString(GROUP);
	}

	/**
	 * Ends the step as STOPPED once the current wave has committed: the way to pause from
	 * inside a step.
	 */
	static void stopAfterThisWave() {
		execution().setTerminateOnly();
	}

}
