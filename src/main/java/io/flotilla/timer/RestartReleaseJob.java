package io.flotilla.timer;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job behind a failed release's automatic restart. Quartz creates it through
 * Spring, which injects the resumer.
 */
class RestartReleaseJob implements Job {

	private final ReleaseResumer resumer;

	RestartReleaseJob(ReleaseResumer resumer) {
		this.resumer = resumer;
	}

	@Override
	public void execute(JobExecutionContext context) {
		this.resumer.restartAfterFailure(context.getMergedJobDataMap().getString(ResumeReleaseJob.RELEASE_ID));
	}

}
