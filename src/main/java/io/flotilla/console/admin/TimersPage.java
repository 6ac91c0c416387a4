package io.flotilla.console.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

import io.flotilla.schedule.ScheduleService;
import io.flotilla.timer.ReleaseTimers;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The schedules, as {@link ScheduleService} tells them, above every Quartz trigger, read
 * from the scheduler rather than its tables, so the page shows what Quartz will fire:
 * when a schedule starts its next release, when a bake ends or a release looks for its
 * clusters again, and whether a trigger is stuck in an error state. Only the schedules
 * have buttons ({@link ScheduleControls}): a release's own timers go with the release.
 */
@Controller
class TimersPage {

	private final Scheduler scheduler;

	private final ScheduleService schedules;

	TimersPage(Scheduler scheduler, ScheduleService schedules) {
		this.scheduler = scheduler;
		this.schedules = schedules;
	}

	@GetMapping("/console/timers")
	String timers(Model model) throws SchedulerException {
		List<Timer> timers = new ArrayList<>();
		for (TriggerKey key : this.scheduler.getTriggerKeys(GroupMatcher.anyTriggerGroup())) {
			Trigger trigger = this.scheduler.getTrigger(key);
			if (trigger != null) {
				timers.add(timer(trigger));
			}
		}
		timers.sort(Comparator.comparing(Timer::nextFire, Comparator.nullsLast(Comparator.naturalOrder())));
		model.addAttribute("schedules", this.schedules.list());
		model.addAttribute("timers", timers);
		return "console/admin/timers";
	}

	private Timer timer(Trigger trigger) throws SchedulerException {
		TriggerKey key = trigger.getKey();
		String schedule = ScheduleService.scheduleOf(key).orElse(null);
		return new Timer(key.getGroup(), key.getName(), trigger.getJobKey().toString(),
				ReleaseTimers.releaseOf(key).orElse(null), schedule, instant(trigger.getNextFireTime()),
				instant(trigger.getPreviousFireTime()), this.scheduler.getTriggerState(key).name(), why(trigger));
	}

	/**
	 * A release's timer says why it waits on its job, not on its trigger.
	 */
	private String why(Trigger trigger) throws SchedulerException {
		if (trigger.getDescription() != null) {
			return trigger.getDescription();
		}
		JobDetail job = this.scheduler.getJobDetail(trigger.getJobKey());
		return (job != null) ? job.getDescription() : null;
	}

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

	/**
	 * A trigger as the page shows it; the release is null for a trigger of anything but a
	 * release, the schedule for a trigger of anything but a schedule.
	 */
	record Timer(String group, String name, String job, String release, String schedule, Instant nextFire,
			Instant previousFire, String state, String why) {
	}

}
