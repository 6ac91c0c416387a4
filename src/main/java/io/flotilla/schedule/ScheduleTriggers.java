package io.flotilla.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;

import io.flotilla.plan.Schedule;
import io.flotilla.timer.QuartzWakeUp;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

import org.springframework.stereotype.Component;

/**
 * The schedules' Quartz triggers, in the clustered JDBC store: a cron trigger per
 * schedule, and a repeating one per schedule whose fire waits for the previous release.
 * Written in the caller's transaction, like the schedules' rows.
 */
@Component
class ScheduleTriggers {

	/** The trigger group of the schedules, which the console's timers page may pause. */
	static final String GROUP = "schedule";

	private static final String QUEUE_GROUP = "schedule-queue";

	private final Scheduler scheduler;

	ScheduleTriggers(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	/**
	 * Sets the schedule's cron trigger, replacing the one it had. A misfire fires once,
	 * and the fire itself decides from its lateness and the schedule's policy whether to
	 * start or to record a skip: Quartz's "do nothing" would leave no trace.
	 */
	void schedule(Schedule schedule, boolean paused) {
		JobDetail job = JobBuilder.newJob(FireScheduleJob.class)
			.withIdentity(JobKey.jobKey(schedule.name(), GROUP))
			.withDescription("starts a release of " + schedule.plan())
			.usingJobData(FireScheduleJob.SCHEDULE, schedule.name())
			.build();
		Trigger trigger = TriggerBuilder.newTrigger()
			.withIdentity(key(schedule.name()))
			.forJob(job)
			.withSchedule(CronScheduleBuilder.cronSchedule(schedule.cron())
				.inTimeZone(TimeZone.getTimeZone(schedule.zone()))
				.withMisfireHandlingInstructionFireAndProceed())
			.build();
		try {
			this.scheduler.scheduleJob(job, Set.of(trigger), true);
			if (paused) {
				this.scheduler.pauseTrigger(trigger.getKey());
			}
			else {
				QuartzWakeUp.afterCommit(this.scheduler, trigger);
			}
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not set the trigger of schedule " + schedule.name(), ex);
		}
	}

	void remove(String name) {
		try {
			this.scheduler.deleteJob(JobKey.jobKey(name, GROUP));
			this.scheduler.deleteJob(JobKey.jobKey(name, QUEUE_GROUP));
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not remove the trigger of schedule " + name, ex);
		}
	}

	boolean exists(String name) {
		try {
			return this.scheduler.checkExists(key(name));
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not read the trigger of schedule " + name, ex);
		}
	}

	void pause(String name) {
		try {
			this.scheduler.pauseTrigger(key(name));
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not pause schedule " + name, ex);
		}
	}

	void resume(String name) {
		try {
			this.scheduler.resumeTrigger(key(name));
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not resume schedule " + name, ex);
		}
	}

	boolean isPaused(String name) {
		try {
			return this.scheduler.getTriggerState(key(name)) == Trigger.TriggerState.PAUSED;
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not read the trigger of schedule " + name, ex);
		}
	}

	Optional<Instant> nextFire(String name) {
		try {
			return Optional.ofNullable(this.scheduler.getTrigger(key(name)))
				.map(Trigger::getNextFireTime)
				.map(Date::toInstant);
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not read the trigger of schedule " + name, ex);
		}
	}

	/**
	 * Looks again every interval whether the schedule's previous release has ended, until
	 * the queued fire starts or is dropped.
	 */
	void recheckQueue(String name, Duration interval) {
		JobDetail job = JobBuilder.newJob(FireScheduleJob.class)
			.withIdentity(JobKey.jobKey(name, QUEUE_GROUP))
			.withDescription("starts the queued fire once the previous release has ended")
			.usingJobData(FireScheduleJob.SCHEDULE, name)
			.usingJobData(FireScheduleJob.QUEUED, true)
			.build();
		Trigger trigger = TriggerBuilder.newTrigger()
			.withIdentity(TriggerKey.triggerKey(name, QUEUE_GROUP))
			.forJob(job)
			.startAt(Date.from(Instant.now().plus(interval)))
			.withSchedule(SimpleScheduleBuilder.simpleSchedule()
				.withIntervalInMilliseconds(interval.toMillis())
				.repeatForever()
				.withMisfireHandlingInstructionNextWithRemainingCount())
			.build();
		try {
			this.scheduler.scheduleJob(job, Set.of(trigger), true);
			QuartzWakeUp.afterCommit(this.scheduler, trigger);
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not set the queue trigger of schedule " + name, ex);
		}
	}

	void stopQueueRecheck(String name) {
		try {
			this.scheduler.deleteJob(JobKey.jobKey(name, QUEUE_GROUP));
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not remove the queue trigger of schedule " + name, ex);
		}
	}

	/**
	 * The schedule a trigger belongs to, when it is one of the schedules' triggers.
	 */
	static Optional<String> scheduleOf(TriggerKey trigger) {
		return GROUP.equals(trigger.getGroup()) || QUEUE_GROUP.equals(trigger.getGroup())
				? Optional.of(trigger.getName()) : Optional.empty();
	}

	private static TriggerKey key(String name) {
		return TriggerKey.triggerKey(name, GROUP);
	}

}
