package io.flotilla.release.runtime;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.flotilla.account.Actor;
import io.flotilla.account.Role;
import io.flotilla.audit.AuditEntry;
import io.flotilla.audit.AuditLog;
import io.flotilla.audit.Subject;
import io.flotilla.calendar.Allowance;
import io.flotilla.calendar.Freeze;
import io.flotilla.calendar.Freezes;
import io.flotilla.calendar.OpenHours;
import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseException.Reason;
import io.flotilla.release.ReleaseFreezes;
import io.flotilla.release.store.FreezeTable;
import io.flotilla.release.store.ReleaseRecord;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.timer.ReleaseTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Freezes from two places: the planned ones of {@code flotilla.freezes.planned}, checked
 * once at start (two of the same scope that overlap are refused there), and those admins
 * start and end, in {@code flotilla_freeze}. Each start and end is an audit entry of the
 * subject {@code freeze}, with who and why.
 */
class SimpleReleaseFreezes implements ReleaseFreezes {

	private static final Logger logger = LoggerFactory.getLogger(SimpleReleaseFreezes.class);

	private final FreezeTable table;

	private final ReleaseTable releases;

	private final ReleaseTimers timers;

	private final AuditLog audit;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final List<Freeze> planned;

	SimpleReleaseFreezes(FreezeTable table, ReleaseTable releases, ReleaseTimers timers, AuditLog audit,
			TransactionTemplate transaction, Clock clock, List<Freeze> planned) {
		this.table = table;
		this.releases = releases;
		this.timers = timers;
		this.audit = audit;
		this.transaction = transaction;
		this.clock = clock;
		this.planned = Freezes.checked(planned).freezes();
	}

	/**
	 * Every freeze that holds now or will, for the hold before each wave.
	 */
	Freezes current() {
		List<Freeze> freezes = new ArrayList<>(this.planned);
		this.table.active()
			.forEach((row) -> freezes
				.add(new Freeze(row.startedAt(), null, row.reason(), row.startedBy(), row.selector())));
		return new Freezes(freezes);
	}

	@Override
	public List<FreezeView> list() {
		Instant now = this.clock.instant();
		List<FreezeView> views = new ArrayList<>();
		this.table.active()
			.forEach((row) -> views.add(new FreezeView(row.id(), row.reason(), row.selector(), row.startedBy(),
					row.startedAt(), null, false)));
		this.planned.stream()
			.filter((freeze) -> freeze.until() == null || freeze.until().isAfter(now))
			.forEach((freeze) -> views.add(new FreezeView(0, freeze.reason(), freeze.selector(), freeze.by(),
					freeze.from(), freeze.until(), true)));
		views.sort(Comparator.comparing(FreezeView::from));
		return views;
	}

	@Override
	public FreezeView start(Actor by, String reason, Map<String, String> selector) {
		requireAdmin(by, "start");
		if (reason == null || reason.isBlank()) {
			throw new ReleaseException(Reason.INVALID, "a freeze needs a reason: say why, such as the incident");
		}
		FieldLimits.check("reason", reason, FieldLimits.REASON);
		checkSelector(selector);
		FieldLimits.check("selector", FreezeTable.selectorText(selector), FieldLimits.REASON);
		Instant now = this.clock.instant();
		return this.transaction.execute((status) -> {
			this.table.lock();
			this.table.active()
				.stream()
				.filter((row) -> row.selector().equals(selector))
				.findFirst()
				.ifPresent((row) -> {
					throw new ReleaseException(Reason.CONFLICT, "a freeze of " + scope(selector) + " holds already: "
							+ row.reason() + " (by " + row.startedBy() + " at " + row.startedAt() + ")");
				});
			long id = this.table.insert(reason, selector, by.name(), now);
			String message = by.name() + " froze " + scope(selector) + ": " + reason;
			this.audit.record(new AuditEntry(new Subject(Subject.FREEZE, Long.toString(id)), now, "freeze.started",
					null, message, by.name(), reason, null, "FROZEN"));
			logger.warn("freeze={} {}", id, message);
			return new FreezeView(id, reason, selector, by.name(), now, null, false);
		});
	}

	@Override
	public List<FreezeView> end(Actor by, String reason) {
		requireAdmin(by, "end");
		FieldLimits.check("reason", reason, FieldLimits.REASON);
		Instant now = this.clock.instant();
		List<FreezeView> ended = this.transaction.execute((status) -> {
			this.table.lock();
			List<FreezeView> views = new ArrayList<>();
			for (FreezeTable.Row row : this.table.endAll(by.name(), reason, now)) {
				String message = by.name() + " ended the freeze of " + scope(row.selector()) + " (" + row.reason()
						+ ")";
				this.audit.record(new AuditEntry(new Subject(Subject.FREEZE, Long.toString(row.id())), now,
						"freeze.ended", null, message, by.name(), reason, "FROZEN", "ENDED"));
				logger.info("freeze={} {}", row.id(), message);
				views.add(new FreezeView(row.id(), row.reason(), row.selector(), row.startedBy(), row.startedAt(), now,
						false));
			}
			return views;
		});
		if (ended.isEmpty()) {
			throw new ReleaseException(Reason.CONFLICT, "no freeze started by hand holds; planned freezes end when "
					+ "planned (flotilla.freezes.planned)");
		}
		restartHeldReleases(now);
		return ended;
	}

	/**
	 * Every release waiting for its window is asked again at once: the one the freeze
	 * held goes on, one its windows hold sets its timer again.
	 */
	private void restartHeldReleases(Instant now) {
		for (ReleaseRecord release : this.releases.findAll(Set.of(ReleaseState.WAITING_FOR_WINDOW), null)) {
			this.timers.resumeAt(release.id(), "a freeze ended", now);
		}
	}

	@Override
	public Optional<String> frozen(Instant at, Map<String, String> planSelector) {
		Allowance allowance = Allowance.whenAllowed(at, OpenHours.ALWAYS, current(), planSelector);
		return allowance.now() ? Optional.empty() : Optional.of(allowance.reason());
	}

	private static void checkSelector(Map<String, String> selector) {
		for (Map.Entry<String, String> label : selector.entrySet()) {
			if (label.getKey().isBlank() || label.getKey().contains(",") || label.getKey().contains("=")
					|| label.getValue().contains(",")) {
				throw new ReleaseException(Reason.INVALID, "a freeze's selector is labels as name=value, separated "
						+ "by commas, not '" + label.getKey() + "=" + label.getValue() + "'");
			}
		}
	}

	private static String scope(Map<String, String> selector) {
		return selector.isEmpty() ? "the whole fleet" : "plans selecting " + FreezeTable.selectorText(selector);
	}

	private static void requireAdmin(Actor by, String what) {
		if (!by.may(Role.ADMIN)) {
			throw new ReleaseException(Reason.FORBIDDEN,
					by.name() + " is " + by.role().word() + "; only an admin may " + what + " a freeze");
		}
	}

}
