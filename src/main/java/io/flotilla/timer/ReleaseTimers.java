package io.flotilla.timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

import org.springframework.stereotype.Service;

/**
 * Durable timers that resume a stopped release at a given instant. A timer is a Quartz
 * trigger in the JDBC job store: it is written in the caller's transaction, survives the
 * process, and fires at start-up when it came due while nothing was running.
 */
@Service
public class ReleaseTimers {

	private static final String GROUP = "release-resume";

	private static final String RESTART_GROUP = "release-restart";

	private static final String CHECKS_GROUP = "release-checks";

	private final Scheduler scheduler;

	public ReleaseTimers(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	/**
	 * Sets the release's timer, replacing the one it had: a release waits for one thing
	 * at a time.
	 */
	public void resumeAt(String releaseId, String why, Instant at) {
		set(ResumeReleaseJob.class, GROUP, releaseId, why, at);
	}

	/**
	 * Sets the timer that restarts a failed release, as its plan's restart policy says.
	 * It is a timer of its own, so that a bake's end never restarts a failed release.
	 */
	public void restartAt(String releaseId, String why, Instant at) {
		set(RestartReleaseJob.class, RESTART_GROUP, releaseId, why, at);
	}

	private void set(Class<? extends Job> type, String group, String releaseId, String why, Instant at) {
		JobDetail job = JobBuilder.newJob(type)
			.withIdentity(JobKey.jobKey(releaseId, group))
			.withDescription(why)
			.usingJobData(ResumeReleaseJob.RELEASE_ID, releaseId)
			.storeDurably(false)
			.build();
		Trigger trigger = TriggerBuilder.newTrigger()
			.withIdentity(TriggerKey.triggerKey(releaseId, group))
			.forJob(job)
			.startAt(Date.from(at))
			.withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
			.build();
		try {
			this.scheduler.scheduleJob(job, Set.of(trigger), true);
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not set the " + group + " timer of release " + releaseId, ex);
		}
		QuartzWakeUp.afterCommit(this.scheduler, trigger);
	}

	/**
	 * Sets the trigger that runs the release's health checks every {@code interval} until
	 * {@link #stopWatching} removes it; one that is set already is kept, so that each
	 * execution of the release may ask for it without moving its next round. A round
	 * missed while no server ran is not made up: the next one looks at the same clusters.
	 */
	public void watchEvery(String releaseId, Duration interval) {
		TriggerKey key = TriggerKey.triggerKey(releaseId, CHECKS_GROUP);
		try {
			if (this.scheduler.checkExists(key)) {
				return;
			}
			JobDetail job = JobBuilder.newJob(CheckReleaseJob.class)
				.withIdentity(JobKey.jobKey(releaseId, CHECKS_GROUP))
				.withDescription("health checks of release " + releaseId + " every " + interval)
				.usingJobData(ResumeReleaseJob.RELEASE_ID, releaseId)
				.build();
			Trigger trigger = TriggerBuilder.newTrigger()
				.withIdentity(key)
				.forJob(job)
				.startNow()
				.withSchedule(SimpleScheduleBuilder.simpleSchedule()
					.withIntervalInMilliseconds(Math.max(1, interval.toMillis()))
					.repeatForever()
					.withMisfireHandlingInstructionNextWithRemainingCount())
				.build();
			this.scheduler.scheduleJob(job, Set.of(trigger), true);
			QuartzWakeUp.afterCommit(this.scheduler, trigger);
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not set the health checks of release " + releaseId, ex);
		}
	}

	/**
	 * Removes the trigger of the release's health checks: the release has ended.
	 */
	public void stopWatching(String releaseId) {
		try {
			this.scheduler.deleteJob(JobKey.jobKey(releaseId, CHECKS_GROUP));
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not remove the health checks of release " + releaseId, ex);
		}
	}

	/**
	 * Removes the release's timers, if it has any: a paused or cancelled release must not
	 * be woken by a bake's end, nor restarted after a failure.
	 */
	public void cancel(String releaseId) {
		try {
			this.scheduler.deleteJob(JobKey.jobKey(releaseId, RESTART_GROUP));
			this.scheduler.deleteJob(jobKey(releaseId));
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not remove the timer of release " + releaseId, ex);
		}
	}

	/**
	 * When the release's timer fires, if it has one.
	 */
	public Optional<Instant> nextResume(String releaseId) {
		try {
			Trigger trigger = this.scheduler.getTrigger(triggerKey(releaseId));
			return Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(Date::toInstant);
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not read the timer of release " + releaseId, ex);
		}
	}

	/**
	 * The release a trigger is the timer of, when it is one of the releases' own timers.
	 */
	public static Optional<String> releaseOf(TriggerKey trigger) {
		return (GROUP.equals(trigger.getGroup()) || RESTART_GROUP.equals(trigger.getGroup())
				|| CHECKS_GROUP.equals(trigger.getGroup())) ? Optional.of(trigger.getName()) : Optional.empty();
	}

	private static JobKey jobKey(String releaseId) {
		return JobKey.jobKey(releaseId, GROUP);
	}

	private static TriggerKey triggerKey(String releaseId) {
		return TriggerKey.triggerKey(releaseId, GROUP);
	}

}
