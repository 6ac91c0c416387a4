package io.flotilla.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.flotilla.account.Actor;
import org.quartz.TriggerKey;

/**
 * The schedules as the REST API, the CLI and the console see them, and what an operator
 * may do with one: pause it, resume it, fire it now. The schedules themselves come from
 * the schedules directory only.
 */
public interface ScheduleService {

	/**
	 * Every loaded schedule, by name, with its next fire and its last.
	 */
	List<ScheduleView> list();

	/**
	 * @throws io.flotilla.release.ReleaseException NOT_FOUND for an unknown schedule
	 */
	ScheduleView get(String name);

	/**
	 * Stops the schedule firing until it is resumed; recorded with who and why.
	 * @throws io.flotilla.release.ReleaseException NOT_FOUND, FORBIDDEN for a viewer,
	 * CONFLICT when it is paused already or was never valid
	 */
	ScheduleView pause(String name, Actor by, String reason);

	/**
	 * Lets a paused schedule fire again, from its next due time.
	 * @throws io.flotilla.release.ReleaseException NOT_FOUND, FORBIDDEN for a viewer,
	 * CONFLICT when it is not paused
	 */
	ScheduleView resume(String name, Actor by, String reason);

	/**
	 * Fires the schedule now, by its rules except the cron expression: the release it
	 * starts is due now.
	 * @return what came of the fire: started, queued or skipped, and why
	 * @throws io.flotilla.release.ReleaseException NOT_FOUND, FORBIDDEN for a viewer
	 */
	FireView trigger(String name, Actor by);

	/**
	 * The schedule a Quartz trigger belongs to, when it is one of the schedules' triggers
	 * (its cron trigger, or the recheck of a queued fire).
	 */
	static Optional<String> scheduleOf(TriggerKey trigger) {
		return ScheduleTriggers.scheduleOf(trigger);
	}

	/**
	 * A schedule as loaded.
	 *
	 * @param file the file it was loaded from
	 * @param problems the problems of that file as it is now, one per line with its
	 * place, or null when it is valid; an invalid file's last valid version, if it had
	 * one, is what fires
	 * @param cron null when the file was never valid; so are the fields after it but
	 * {@code paused}, {@code lastFire} and {@code denied}
	 * @param nextFire when it fires next, or null when paused or never valid
	 * @param nextFireLocal the same in the schedule's zone, in words
	 * @param queuedDueAt when the fire that waits for the previous release was due, or
	 * null
	 * @param denied the versions it will not roll out again, each with why
	 */
	record ScheduleView(String name, String file, String problems, String plan, String cron, String zone,
			String version, String idPattern, String runAs, String misfire, Duration maxLateness, String overlap,
			boolean paused, Instant nextFire, String nextFireLocal, FireView lastFire, Instant queuedDueAt,
			List<String> denied) {

		public ScheduleView {
			denied = List.copyOf(denied);
		}

		public boolean valid() {
			return this.problems == null;
		}

	}

	/**
	 * One fire of a schedule.
	 *
	 * @param outcome {@code STARTED}, {@code QUEUED} or {@code SKIPPED}
	 * @param releaseId the release it started, or null
	 * @param detail what it did, or why not
	 */
	record FireView(Instant dueAt, Instant firedAt, String outcome, String releaseId, String version, String detail) {

	}

}
