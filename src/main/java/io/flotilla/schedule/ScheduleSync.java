package io.flotilla.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.flotilla.audit.AuditEntry;
import io.flotilla.audit.AuditLog;
import io.flotilla.audit.Subject;
import io.flotilla.plan.Schedule;
import io.flotilla.schedule.ScheduleDirectory.Copy;
import io.flotilla.schedule.ScheduleDirectory.FileCopy;
import io.flotilla.schedule.ScheduleTable.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a reading of the schedules directory to the database: the schedules' rows and
 * their Quartz triggers change together, in one transaction, under a lock that two
 * servers loading at once take in turn.
 * <ul>
 * <li>A file whose text hashes as the stored one changes nothing: a restart does not
 * reschedule, and the next fire time stays.</li>
 * <li>A changed valid file replaces the schedule and its trigger, which keeps its pause.
 * </li>
 * <li>An invalid file is recorded with its problems, and the last valid text keeps
 * firing.</li>
 * <li>A file gone removes its schedule and triggers.</li>
 * <li>A copy older than the one applied last changes nothing: the newest copy wins (see
 * {@code docs/schedules.md}).</li>
 * </ul>
 */
@Component
class ScheduleSync {

	private static final Logger logger = LoggerFactory.getLogger(ScheduleSync.class);

	private final ScheduleTable table;

	private final ScheduleTriggers triggers;

	private final AuditLog audit;

	private final TransactionTemplate transaction;

	private final Clock clock;

	ScheduleSync(ScheduleTable table, ScheduleTriggers triggers, AuditLog audit, TransactionTemplate transaction,
			Clock clock) {
		this.table = table;
		this.triggers = triggers;
		this.audit = audit;
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * Applies the copy, unless a newer one was applied already.
	 * @param by who applies it, for the record: the server's name
	 * @return whether the copy was applied
	 */
	boolean apply(Copy copy, String by) {
		return Boolean.TRUE.equals(this.transaction.execute((status) -> {
			this.table.lockForLoad();
			Instant applied = this.table.sourceModifiedAt().orElse(Instant.MIN);
			if (copy.modifiedAt().isBefore(applied)) {
				logger.warn("The schedules directory here was last changed at {}, before the copy applied already "
						+ "(changed at {}); it is stale and changes nothing", copy.modifiedAt(), applied);
				return false;
			}
			Map<String, Row> rows = new LinkedHashMap<>();
			this.table.rows().forEach((row) -> rows.put(row.name(), row));
			for (FileCopy file : copy.files()) {
				if (!Schedule.isName(file.name())) {
					// its row could not hold the name: left out, so the others still load
					logger.error("{} is not loaded: {}", file.file(), file.problems());
					continue;
				}
				apply(file, rows.remove(file.name()));
			}
			rows.values().forEach(this::remove);
			this.table.recordSource(copy.modifiedAt(), this.clock.instant(), by);
			return true;
		}));
	}

	private void apply(FileCopy file, Row row) {
		Instant now = this.clock.instant();
		if (!file.isValid()) {
			if (row != null && Objects.equals(row.problems(), file.problems())) {
				return;
			}
			Row invalid = (row != null)
					? new Row(row.name(), file.file(), row.definition(), row.hash(), file.problems(), now,
							row.queuedDueAt())
					: new Row(file.name(), file.file(), null, null, file.problems(), now, null);
			this.table.save(invalid);
			String kept = invalid.hasDefinition() ? "; its last valid version keeps running" : "; it does not run";
			logger.error("schedule={} is invalid{}:\n{}", file.name(), kept, file.problems());
			record(file.name(), "schedule.invalid", file.problems() + kept);
			return;
		}
		boolean unchanged = row != null && file.hash().equals(row.hash()) && row.problems() == null
				&& this.triggers.exists(file.name());
		if (unchanged) {
			return;
		}
		boolean paused = row != null && row.hasDefinition() && this.triggers.isPaused(file.name());
		this.table.save(new Row(file.name(), file.file(), file.text(), file.hash(), null, now,
				(row != null) ? row.queuedDueAt() : null));
		this.triggers.schedule(file.schedule(), paused);
		String what = (row == null || !row.hasDefinition()) ? "loaded" : "changed";
		String message = what + " from " + file.file() + ": " + file.schedule().plan() + " at '"
				+ file.schedule().cron() + "' " + file.schedule().zone().getId() + (paused ? ", still paused" : "");
		logger.info("schedule={} {}", file.name(), message);
		record(file.name(), "schedule." + what, message);
	}

	private void remove(Row row) {
		this.table.delete(row.name());
		this.triggers.remove(row.name());
		logger.info("schedule={} removed: {} is gone", row.name(), row.file());
		record(row.name(), "schedule.removed", row.file() + " is gone");
	}

	private void record(String name, String kind, String message) {
		this.audit.record(new AuditEntry(Subject.schedule(name), this.clock.instant(), kind, null, message, null, null,
				null, null));
	}

}
