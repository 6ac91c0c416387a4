package io.flotilla.schedule;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flotilla.schedules}: where the schedules are and how they are run.
 *
 * @param directory the schedules directory; unset, no schedule is loaded, so a server
 * started in a checkout never runs its example schedules against a real fleet
 * @param plans the plans directory the schedules' {@code plan} names a file in
 * @param lateAfter how late a fire may come and still count as on time; later, it is a
 * misfire and the schedule's {@code misfire} policy decides
 * @param queueRecheck how often a queued fire looks whether the previous release ended
 * @param rescan how often the directory is read again besides the file system's change
 * notices, which a network file system may not send
 */
@ConfigurationProperties("flotilla.schedules")
record ScheduleProperties(Path directory, @DefaultValue("jobs") Path plans, @DefaultValue("1m") Duration lateAfter,
		@DefaultValue("15s") Duration queueRecheck, @DefaultValue("30s") Duration rescan) {

	boolean enabled() {
		return this.directory != null && !this.directory.toString().isBlank();
	}

}
