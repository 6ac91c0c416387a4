package io.flotilla.release.job;

import org.springframework.batch.core.job.JobExecution;

/**
 * A release's job execution has returned, after its last write to the JobRepository or
 * after failing before the job could run: from now on it no longer lives in this process.
 * Published synchronously on the execution's own thread.
 *
 * @param execution the execution that ended
 */
public record ReleaseExecutionEnded(JobExecution execution) {

	public String releaseId() {
		return ReleaseJob.releaseId(this.execution);
	}

}
