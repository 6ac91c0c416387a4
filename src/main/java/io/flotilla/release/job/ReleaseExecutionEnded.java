package io.flotilla.release.job;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * A release's job execution has returned, its last write to the JobRepository done or
 * failed: from now on it no longer lives in this process. Published synchronously on the
 * execution's own thread.
 *
 * @param execution the execution that ended
 */
public record ReleaseExecutionEnded(JobExecution execution) {

	public String releaseId() {
		return ReleaseJob.releaseId(this.execution);
	}

	/**
	 * Whether an engineer let the release go on while this execution was stopping, so the
	 * release must be restarted now that the execution has ended: decided by the job's
	 * listener, which marks the execution's exit status.
	 */
	public boolean toldToGoOn() {
		return this.execution.getStatus() == BatchStatus.STOPPED
				&& ReleaseJobListener.GO_ON.getExitCode().equals(this.execution.getExitStatus().getExitCode());
	}

}
