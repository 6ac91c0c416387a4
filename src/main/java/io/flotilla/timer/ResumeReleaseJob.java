package io.flotilla.timer;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job behind a release timer. Quartz creates it through Spring, which injects
 * the resumer.
 */
class ResumeReleaseJob implements Job {

	static final String RELEASE_ID = "releaseId";

	private final ReleaseResumer resumer;

	ResumeReleaseJob(ReleaseResumer resumer) {
		this.resumer = resumer;
	}

	@Override
	public void execute(JobExecutionContext context) {
		this.resumer.resumeWhenDue(context.getMergedJobDataMap().getString(RELEASE_ID));
	}

}
