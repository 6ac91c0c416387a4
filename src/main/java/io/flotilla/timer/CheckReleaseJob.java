package io.flotilla.timer;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job behind a release's health checks: one round per firing of its repeating
 * trigger. A release's rounds never overlap, on one server or across several, so a slow
 * round delays the next instead of doubling the load on the fleet. Quartz creates it
 * through Spring, which injects the watch.
 */
@DisallowConcurrentExecution
class CheckReleaseJob implements Job {

	private final ReleaseWatch watch;

	CheckReleaseJob(ReleaseWatch watch) {
		this.watch = watch;
	}

	@Override
	public void execute(JobExecutionContext context) {
		this.watch.checkRound(context.getMergedJobDataMap().getString(ResumeReleaseJob.RELEASE_ID));
	}

}
