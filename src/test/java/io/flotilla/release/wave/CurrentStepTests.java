package io.flotilla.release.wave;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CurrentStepTests {

	@Test
	void aPartitionsGroupComesFromItsStepNameEvenWhenItsRestoredContextIsEmpty() {
		// given: a partition restarted from an execution killed before it saved its
		// context, so its execution context is empty
		StepExecution partition = partition("waves:prod:eu-west-1:blue");
		StepSynchronizationManager.register(partition);
		try {
			// when
			String group = CurrentStep.group("waves:prod");

			// then
			assertThat(partition.getExecutionContext().isEmpty()).isTrue();
			assertThat(group).isEqualTo("eu-west-1:blue");
		}
		finally {
			StepSynchronizationManager.close();
		}
	}

	@Test
	void aStepOfAnotherStageIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> CurrentStep.group(partition("waves:dev:eu-west-1"), "waves:prod"))
			.withMessage("Step waves:dev:eu-west-1 is not a partition of waves:prod");
	}

	private static StepExecution partition(String name) {
		JobExecution job = new JobExecution(1L, new JobInstance(1L, "release"), new JobParameters());
		return new StepExecution(1L, name, job);
	}

}
