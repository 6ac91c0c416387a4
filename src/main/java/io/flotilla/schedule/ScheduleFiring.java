package io.flotilla.schedule;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.flotilla.account.Actor;
import io.flotilla.account.Role;
import io.flotilla.account.Users;
import io.flotilla.audit.AuditEntry;
import io.flotilla.audit.AuditLog;
import io.flotilla.audit.Subject;
import io.flotilla.control.ReleaseState;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Schedule;
import io.flotilla.plan.Schedule.Misfire;
import io.flotilla.plan.Schedule.Overlap;
import io.flotilla.plan.VersionOrder;
import io.flotilla.plan.yaml.PlanException;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.plan.yaml.StepLoader;
import io.flotilla.plan.yaml.ScheduleLoader;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseFreezes;
import io.flotilla.release.ReleaseIds;
import io.flotilla.release.ReleaseService;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.schedule.ScheduleTable.Fire;
import io.flotilla.schedule.ScheduleTable.Outcome;
import io.flotilla.schedule.ScheduleTable.Row;
import io.flotilla.schedule.VersionSources.SourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What a fire of a schedule does: it applies the schedule's rules in order (a late fire,
 * a previous release still active, the version, the release id, the user) and starts a
 * release through {@link ReleaseService}, or records why not. Nothing it meets is thrown
 * back at Quartz, which would only log it: every fire ends as a recorded outcome.
 * <p>
 * Safe to repeat after a crash: the release id comes from the due time, so a fire
 * repeated for the same due time finds its release id taken and is recorded as skipped.
 */
@Component
class ScheduleFiring {

	private static final Logger logger = LoggerFactory.getLogger(ScheduleFiring.class);

	private static final String OVERLAP_SKIP = " of this schedule is still active (overlap: skip)";

	private static final String QUEUE_HOLDS_ONE = " (overlap: queue holds one)";

	private static final String ID_TAKEN = " is taken: an earlier fire started it";

	private final ScheduleTable table;

	private final ScheduleTriggers triggers;

	private final ReleaseService releases;

	private final Users users;

	private final AuditLog audit;

	private final ScheduleProperties properties;

	private final VersionSources sources;

	private final Clock clock;

	private final ReleaseFreezes freezes;

	/** Where the steps a plan names are read, as the release's start reads them. */
	private final Path steps;

	ScheduleFiring(ScheduleTable table, ScheduleTriggers triggers, ReleaseService releases, Users users, AuditLog audit,
			ScheduleProperties properties, Clock clock, ReleaseFreezes freezes,
			@Value("${flotilla.steps.directory:steps}") Path steps) {
		this.steps = steps;
		this.freezes = freezes;
		this.table = table;
		this.triggers = triggers;
		this.releases = releases;
		this.users = users;
		this.audit = audit;
		this.properties = properties;
		this.sources = new VersionSources(properties.enabled() ? properties.directory() : Path.of("."));
		this.clock = clock;
	}

	/**
	 * A fire of the schedule's cron trigger.
	 * @param due when the fire was due: for a fire Quartz found overdue, the latest due
	 * time it missed
	 */
	void fireWhenDue(String name, Instant due) {
		fire(name, due, null, Kind.CRON);
	}

	/**
	 * A fire by hand, now, whatever the cron expression says.
	 */
	Fire fireNow(String name, Actor by) {
		return fire(name, now(), by, Kind.BY_HAND);
	}

	/**
	 * Starts the fire that waits for the previous release, once that release has ended.
	 */
	void fireQueued(String name) {
		fire(name, null, null, Kind.QUEUED);
	}

	private Fire fire(String name, Instant due, Actor by, Kind kind) {
		return this.table.whileLocked(name, () -> fireLocked(name, due, by, kind));
	}

	private Fire fireLocked(String name, Instant givenDue, Actor by, Kind kind) {
		Optional<Row> row = this.table.find(name).filter(Row::hasDefinition);
		if (row.isEmpty()) {
			this.triggers.remove(name);
			logger.info("schedule={} is no longer loaded; its triggers are removed", name);
			return null;
		}
		Schedule schedule = ScheduleDirectory.parse(row.get().file(), row.get().definition());
		Instant due = givenDue;
		if (kind == Kind.QUEUED) {
			if (row.get().queuedDueAt() == null || stillActive(name).isPresent()) {
				return null;
			}
			due = row.get().queuedDueAt();
			this.table.queue(name, null);
			this.triggers.stopQueueRecheck(name);
		}
		Fire fire = decide(schedule, row.get(), due, kind, by);
		record(schedule, fire, by);
		return fire;
	}

	private Fire decide(Schedule schedule, Row row, Instant due, Kind kind, Actor by) {
		Instant now = now();
		Duration late = Duration.between(due, now);
		if (kind == Kind.CRON && late.compareTo(this.properties.lateAfter()) > 0) {
			if (schedule.misfire() == Misfire.SKIP) {
				return skipped(schedule, due, "missed its time by " + words(late) + " (misfire: skip)");
			}
			if (late.compareTo(schedule.maxLateness()) > 0) {
				return skipped(schedule, due, "missed its time by " + words(late) + ", more than its maxLateness "
						+ words(schedule.maxLateness()) + " (misfire: runOnce)");
			}
		}
		Optional<String> active = stillActive(schedule.name());
		if (active.isPresent() && kind != Kind.QUEUED) {
			if (schedule.overlap() == Overlap.SKIP) {
				return skipped(schedule, due, "release " + active.get() + OVERLAP_SKIP);
			}
			if (row.queuedDueAt() != null) {
				return skipped(schedule, due, "a fire already waits for release " + active.get() + QUEUE_HOLDS_ONE);
			}
			this.table.queue(schedule.name(), due);
			this.triggers.recheckQueue(schedule.name(), this.properties.queueRecheck());
			return new Fire(schedule.name(), due, now, Outcome.QUEUED, null, null,
					"waits for release " + active.get() + " to end (overlap: queue)");
		}
		return start(schedule, due, by);
	}

	private Fire start(Schedule schedule, Instant due, Actor by) {
		Path planFile = ScheduleLoader.planFile(this.properties.plans(), schedule.plan());
		String planText;
		Plan plan;
		try {
			planText = PlanLoader.withStepsOf(planFile.toString(), PlanLoader.read(planFile),
					new StepLoader().readDirectory(this.steps));
			plan = new PlanLoader().load(planFile.toString(), planText);
		}
		catch (PlanException ex) {
			return skipped(schedule, due, "plan " + planFile + " cannot be used: " + ex.getMessage());
		}
		Optional<String> frozen = this.freezes.frozen(now(), plan.selector());
		if (frozen.isPresent()) {
			return skipped(schedule, due, frozen.get() + " (a schedule does not fire into a freeze)");
		}
		String version;
		try {
			version = version(schedule, plan.version().order());
			planText = PlanLoader.withTarget(planFile.toString(), planText, version);
		}
		catch (SourceException ex) {
			return skipped(schedule, due, ex.getMessage());
		}
		String id = schedule.releaseId(ZonedDateTime.ofInstant(due, schedule.zone()), version);
		if (!ReleaseIds.isValid(id)) {
			return skipped(schedule, due, "'" + id + "' is not a release id: " + ReleaseIds.RULE);
		}
		if (exists(id)) {
			return skipped(schedule, due, "release id " + id + ID_TAKEN);
		}
		Optional<Actor> runAs = this.users.actor(schedule.runAs()).filter((actor) -> actor.may(Role.OPERATOR));
		if (runAs.isEmpty()) {
			return skipped(schedule, due,
					"user " + schedule.runAs() + " does not exist, is disabled or may not start releases");
		}
		try {
			this.releases.start(planFile.toString(), planText, id, runAs.get());
		}
		catch (ReleaseException ex) {
			return skipped(schedule, due, "release " + id + " was refused: " + ex.getMessage());
		}
		String how = (by != null) ? "triggered by " + by.name() + ": " : "";
		return new Fire(schedule.name(), due, now(), Outcome.STARTED, id, version, how + "started release " + id
				+ " of " + schedule.plan() + " at version " + version + " as " + schedule.runAs());
	}

	/**
	 * The version a fixed source names, or the newest one a file or URL names that no
	 * cancelled release of the schedule had: a fixed version is the operator's own
	 * choice.
	 */
	private String version(Schedule schedule, VersionOrder order) {
		if (schedule.version().fixed() != null) {
			return schedule.version().fixed();
		}
		List<String> named = this.sources.read(schedule.version());
		Map<String, String> denied = denied(schedule.name());
		List<String> allowed = named.stream().filter((version) -> !denied.containsKey(version)).toList();
		if (allowed.isEmpty()) {
			throw new SourceException(schedule.version().describe() + " names only denied versions: "
					+ named.stream()
						.map((version) -> version + " (" + denied.get(version) + ")")
						.collect(Collectors.joining(", ")));
		}
		String newest = allowed.get(allowed.size() - 1);
		for (String version : allowed) {
			if (order.isNewer(version, newest)) {
				newest = version;
			}
		}
		return newest;
	}

	/**
	 * The versions this schedule will not roll out again, each with why: a release of the
	 * schedule at that version was cancelled.
	 */
	Map<String, String> denied(String schedule) {
		return denied(schedule, cancelledReleases());
	}

	/**
	 * The versions as {@link #denied(String)} says, from the ids of the cancelled
	 * releases read once for every schedule a page shows.
	 */
	Map<String, String> denied(String schedule, Set<String> cancelled) {
		Map<String, String> versions = new LinkedHashMap<>();
		for (Fire fire : this.table.started(schedule)) {
			if (cancelled.contains(fire.releaseId()) && fire.version() != null) {
				versions.putIfAbsent(fire.version(), "release " + fire.releaseId() + " was cancelled");
			}
		}
		return versions;
	}

	Set<String> cancelledReleases() {
		return this.releases.list(Set.of(ReleaseState.CANCELLED), null)
			.stream()
			.map(ReleaseStatus::id)
			.collect(Collectors.toSet());
	}

	/**
	 * The schedule's last release, while it has not ended.
	 */
	private Optional<String> stillActive(String schedule) {
		return this.table.lastStarted(schedule).map(Fire::releaseId).filter((id) -> {
			try {
				return !this.releases.status(id).state().isTerminal();
			}
			catch (ReleaseException ex) {
				return false;
			}
		});
	}

	private boolean exists(String id) {
		try {
			this.releases.status(id);
			return true;
		}
		catch (ReleaseException ex) {
			return false;
		}
	}

	/**
	 * Now, as PostgreSQL keeps it: a fire returned to its caller says what was stored.
	 */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private Fire skipped(Schedule schedule, Instant due, String why) {
		return new Fire(schedule.name(), due, now(), Outcome.SKIPPED, null, null, why);
	}

	/**
	 * A skip the schedule's own rules make as they should, which an operator need not be
	 * warned of: the previous release still runs, or today's release id is taken.
	 */
	private static boolean isRoutine(Fire fire) {
		return fire.detail().endsWith(OVERLAP_SKIP) || fire.detail().endsWith(QUEUE_HOLDS_ONE)
				|| fire.detail().endsWith(ID_TAKEN);
	}

	private void record(Schedule schedule, Fire fire, Actor by) {
		this.table.recordFire(fire);
		String kind = "schedule." + fire.outcome().name().toLowerCase(Locale.ROOT);
		String message = "due " + ScheduleTimes.both(fire.dueAt(), schedule.zone()) + ", fired "
				+ ScheduleTimes.utc(fire.firedAt()) + ": " + fire.detail();
		this.audit.record(new AuditEntry(Subject.schedule(schedule.name()), fire.firedAt(), kind, null, message,
				(by != null) ? by.name() : null, fire.detail(), null, fire.outcome().name()));
		if (fire.outcome() == Outcome.SKIPPED && !isRoutine(fire)) {
			logger.warn("schedule={} fire skipped: {}", schedule.name(), message);
		}
		else if (fire.outcome() == Outcome.SKIPPED) {
			logger.info("schedule={} fire skipped: {}", schedule.name(), message);
		}
		else {
			logger.info("schedule={} release={} {}", schedule.name(), fire.releaseId(), message);
		}
	}

	private static String words(Duration duration) {
		return ScheduleTimes.words(duration);
	}

	private enum Kind {

		CRON, BY_HAND, QUEUED

	}

}
