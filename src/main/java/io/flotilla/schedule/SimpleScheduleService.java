package io.flotilla.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.flotilla.account.Actor;
import io.flotilla.account.Role;
import io.flotilla.audit.AuditEntry;
import io.flotilla.audit.AuditLog;
import io.flotilla.audit.Subject;
import io.flotilla.plan.Schedule;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseException.Reason;
import io.flotilla.schedule.ScheduleTable.Fire;
import io.flotilla.schedule.ScheduleTable.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * The schedules read from their rows and their triggers, and an operator's pause, resume
 * and fire-now. A pause is the Quartz trigger's own pause, kept in the clustered store,
 * so it holds on every server and across restarts, and a changed file keeps it.
 */
@Service
class SimpleScheduleService implements ScheduleService {

	private static final Logger logger = LoggerFactory.getLogger(SimpleScheduleService.class);

	private final ScheduleTable table;

	private final ScheduleTriggers triggers;

	private final ScheduleFiring firing;

	private final AuditLog audit;

	private final Clock clock;

	SimpleScheduleService(ScheduleTable table, ScheduleTriggers triggers, ScheduleFiring firing, AuditLog audit,
			Clock clock) {
		this.table = table;
		this.triggers = triggers;
		this.firing = firing;
		this.audit = audit;
		this.clock = clock;
	}

	@Override
	public List<ScheduleView> list() {
		Set<String> cancelled = this.firing.cancelledReleases();
		return this.table.rows().stream().map((row) -> view(row, cancelled)).toList();
	}

	@Override
	public ScheduleView get(String name) {
		return view(find(name));
	}

	@Override
	public ScheduleView pause(String name, Actor by, String reason) {
		requireOperator(by, "pause");
		Row row = runnable(name);
		if (this.triggers.isPaused(name)) {
			throw new ReleaseException(Reason.CONFLICT, "schedule " + name + " is paused already");
		}
		this.triggers.pause(name);
		record(name, by, "schedule.paused", by.name() + " paused schedule " + name, reason);
		return view(row);
	}

	@Override
	public ScheduleView resume(String name, Actor by, String reason) {
		requireOperator(by, "resume");
		Row row = runnable(name);
		if (!this.triggers.isPaused(name)) {
			throw new ReleaseException(Reason.CONFLICT, "schedule " + name + " is not paused");
		}
		this.triggers.resume(name);
		record(name, by, "schedule.resumed", by.name() + " resumed schedule " + name, reason);
		return view(row);
	}

	@Override
	public FireView trigger(String name, Actor by) {
		requireOperator(by, "trigger");
		runnable(name);
		Fire fire = this.firing.fireNow(name, by);
		if (fire == null) {
			throw new ReleaseException(Reason.NOT_FOUND, "schedule " + name + " was removed");
		}
		return view(fire);
	}

	private Row find(String name) {
		return this.table.find(name)
			.orElseThrow(() -> new ReleaseException(Reason.NOT_FOUND, "no schedule named " + name));
	}

	private Row runnable(String name) {
		Row row = find(name);
		if (!row.hasDefinition()) {
			throw new ReleaseException(Reason.CONFLICT,
					"schedule " + name + " never loaded: its file is invalid\n" + row.problems());
		}
		return row;
	}

	private ScheduleView view(Row row) {
		return view(row, this.firing.cancelledReleases());
	}

	private ScheduleView view(Row row, Set<String> cancelled) {
		Optional<FireView> last = this.table.lastFire(row.name()).map(SimpleScheduleService::view);
		if (!row.hasDefinition()) {
			return new ScheduleView(row.name(), row.file(), row.problems(), null, null, null, null, null, null, null,
					null, null, false, null, null, last.orElse(null), null, List.of());
		}
		Schedule schedule = ScheduleDirectory.parse(row.file(), row.definition());
		boolean paused = this.triggers.isPaused(row.name());
		Instant next = paused ? null : this.triggers.nextFire(row.name()).orElse(null);
		Map<String, String> denied = this.firing.denied(row.name(), cancelled);
		return new ScheduleView(row.name(), row.file(), row.problems(), schedule.plan(), schedule.cron(),
				schedule.zone().getId(), schedule.version().describe(), schedule.idPattern(), schedule.runAs(),
				schedule.misfire().word(), schedule.maxLateness(), schedule.overlap().word(), paused, next,
				(next != null) ? ScheduleTimes.local(next, schedule.zone()) : null, last.orElse(null),
				row.queuedDueAt(), denied.entrySet().stream().map((e) -> e.getKey() + ": " + e.getValue()).toList());
	}

	private static FireView view(Fire fire) {
		return new FireView(fire.dueAt(), fire.firedAt(), fire.outcome().name(), fire.releaseId(), fire.version(),
				fire.detail());
	}

	private void record(String name, Actor by, String kind, String message, String reason) {
		logger.info("schedule={} {}{}", name, message, (reason != null) ? ": " + reason : "");
		this.audit.record(new AuditEntry(Subject.schedule(name), this.clock.instant(), kind, null, message, by.name(),
				reason, null, null));
	}

	private static void requireOperator(Actor by, String what) {
		if (!by.may(Role.OPERATOR)) {
			throw new ReleaseException(Reason.FORBIDDEN,
					by.name() + " is " + by.role().word() + "; only an operator or admin may " + what + " a schedule");
		}
	}

}
