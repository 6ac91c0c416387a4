package io.flotilla.schedule;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;

import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;

/**
 * The Quartz job behind a schedule's triggers: its cron trigger, and the trigger that
 * rechecks a queued fire. Quartz's clustered store hands each fire to one server, and
 * runs one fire of a schedule at a time. Quartz creates it through Spring, which injects
 * the firing.
 */
@DisallowConcurrentExecution
class FireScheduleJob implements Job {

	static final String SCHEDULE = "schedule";

	static final String QUEUED = "queued";

	// a trigger that missed every second for a year need not be walked to its end
	private static final int MAX_STEPS = 100_000;

	private final ScheduleFiring firing;

	FireScheduleJob(ScheduleFiring firing) {
		this.firing = firing;
	}

	@Override
	public void execute(JobExecutionContext context) {
		String name = context.getMergedJobDataMap().getString(SCHEDULE);
		if (context.getMergedJobDataMap().getBoolean(QUEUED)) {
			this.firing.fireQueued(name);
		}
		else {
			this.firing.fireWhenDue(name, due(context));
		}
	}

	/**
	 * When the fire was due. Quartz fires an overdue cron trigger once, "now", and says
	 * only that; the due time it stands for is the latest time of the cron expression
	 * that had passed by then, found by stepping on from the fire before.
	 */
	static Instant due(JobExecutionContext context) {
		Date scheduled = context.getScheduledFireTime();
		Trigger trigger = context.getTrigger();
		if (!(trigger instanceof CronTrigger cron)) {
			return scheduled.toInstant();
		}
		try {
			CronExpression expression = new CronExpression(cron.getCronExpression());
			expression.setTimeZone(TimeZone.getTimeZone(cron.getTimeZone().toZoneId()));
			Date from = (context.getPreviousFireTime() != null) ? context.getPreviousFireTime()
					: new Date(trigger.getStartTime().getTime() - 1);
			return latestAtOrBefore(expression, from, scheduled).toInstant();
		}
		catch (ParseException ex) {
			return scheduled.toInstant();
		}
	}

	static Date latestAtOrBefore(CronExpression expression, Date after, Date limit) {
		Date latest = null;
		Date next = expression.getNextValidTimeAfter(after);
		for (int step = 0; next != null && !next.after(limit) && step < MAX_STEPS; step++) {
			latest = next;
			next = expression.getNextValidTimeAfter(next);
		}
		return (latest != null) ? latest : limit;
	}

}
