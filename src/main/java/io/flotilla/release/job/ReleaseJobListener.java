package io.flotilla.release.job;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import io.flotilla.control.IllegalTransitionException;
import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseEvent.ReleaseEnded;
import io.flotilla.release.ReleaseEvent.ReleasePaused;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseOwners;
import io.flotilla.release.store.ReleaseRecord;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageTable;
import io.flotilla.release.wave.ShutdownSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Keeps a release's state in step with its job executions. A step that stops the job (a
 * bake, a gate, a breached budget) or a signal that asked it to stop has already said
 * why; this listener turns the stop into the state it leads to, and records the rest.
 * When a go-on signal came while the execution was stopping, the release stays running,
 * and the launcher restarts it once the execution has ended.
 */
class ReleaseJobListener implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ReleaseJobListener.class);

	private static final String SHUTDOWN = "stopped by a server shutdown after its last committed wave; resumes when a server starts";

	private static final String DATABASE = "stopped because the database was unavailable; resumes when it is back";

	private static final String EVENTS_BEFORE = "flotilla.events.before";

	private static final Set<ReleaseState> BEGINS_FROM = EnumSet.of(ReleaseState.STARTING, ReleaseState.BAKING,
			ReleaseState.AWAITING_CLAIMS, ReleaseState.WAITING_FOR_WINDOW, ReleaseState.RUNNING);

	private static final Set<ReleaseState> STOPS_FROM = EnumSet.of(ReleaseState.PAUSING, ReleaseState.RUNNING);

	private final ReleaseTable releases;

	private final StageTable stages;

	private final ReleaseEventLog events;

	private final ReleaseOwners owners;

	private final ShutdownSignal shutdown;

	private final Clock clock;

	private final AutomaticRestarts restarts;

	ReleaseJobListener(ReleaseTable releases, StageTable stages, ReleaseEventLog events, ReleaseOwners owners,
			ShutdownSignal shutdown, Clock clock, AutomaticRestarts restarts) {
		this.restarts = restarts;
		this.releases = releases;
		this.stages = stages;
		this.events = events;
		this.owners = owners;
		this.shutdown = shutdown;
		this.clock = clock;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		String releaseId = ReleaseJob.releaseId(execution);
		this.owners.claim(releaseId);
		this.releases.changeState(releaseId, BEGINS_FROM, ReleaseState.RUNNING, null);
		execution.getExecutionContext().putLong(EVENTS_BEFORE, this.events.mark(releaseId));
		logger.info("release={} running (execution {})", releaseId, execution.getId());
	}

	/**
	 * A change the transition table refuses is a bug: Spring Batch only logs what this
	 * method throws, so the execution is failed with the message here. When a signal
	 * changes the release between the read and the write, the decision is taken again
	 * from the state the signal left.
	 */
	@Override
	public void afterJob(JobExecution execution) {
		try {
			boolean recorded;
			do {
				recorded = recordEnd(execution);
			}
			while (!recorded);
		}
		catch (IllegalTransitionException ex) {
			logger.error("release={} {}", ReleaseJob.releaseId(execution), ex.getMessage());
			execution.setStatus(BatchStatus.FAILED);
			execution.setExitStatus(ExitStatus.FAILED.addExitDescription(ex.getMessage()));
		}
	}

	/**
	 * @return false when a signal changed the release's state first
	 */
	private boolean recordEnd(JobExecution execution) {
		String releaseId = ReleaseJob.releaseId(execution);
		ReleaseRecord release = this.releases.find(releaseId).orElseThrow();
		ReleaseState state = release.state();
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.COMPLETED) {
			return end(releaseId, state, ReleaseState.COMPLETED, null);
		}
		if (state == ReleaseState.CANCELLING || state == ReleaseState.CANCELLED) {
			execution.upgradeStatus(BatchStatus.ABANDONED);
			return end(releaseId, state, ReleaseState.CANCELLED, release.stateReason());
		}
		if (state == ReleaseState.RUNNING && (this.shutdown.isServerStopping() || interrupted(execution))) {
			logger.info("release={} {}", releaseId, SHUTDOWN);
			return this.releases.changeState(releaseId, Set.of(state), ReleaseState.RUNNING, SHUTDOWN);
		}
		if (state == ReleaseState.RUNNING && (status == BatchStatus.FAILED || status == BatchStatus.UNKNOWN)
				&& databaseUnavailable(execution)) {
			// A step that could not save its end leaves the job UNKNOWN, which Spring
			// Batch refuses to restart; its last committed wave holds, so it is FAILED
			// (saved after this listener), and the watchdog restarts it once the
			// database answers again.
			execution.setStatus(BatchStatus.FAILED);
			logger.warn("release={} {}", releaseId, DATABASE);
			return this.releases.changeState(releaseId, Set.of(state), ReleaseState.RUNNING, DATABASE);
		}
		if (status == BatchStatus.STOPPED && state == ReleaseState.RUNNING && toldToGoOn(execution)) {
			// stays running: the launcher restarts it once this execution has ended
			logger.info("release={} was told to go on while execution {} stopped", releaseId, execution.getId());
			return true;
		}
		if (status == BatchStatus.STOPPED) {
			// a bake, a gate, a wait for claims or a breached budget has set the state
			// already
			return !STOPS_FROM.contains(state) || end(releaseId, state, ReleaseState.PAUSED,
					(state == ReleaseState.PAUSING) ? release.stateReason() : "stopped");
		}
		String failure = failure(execution);
		boolean failed = end(releaseId, state, ReleaseState.FAILED, failure);
		if (failed) {
			this.restarts.afterFailure(release, failure);
		}
		return failed;
	}

	private boolean toldToGoOn(JobExecution execution) {
		return this.events.wasToldToGoOnSince(ReleaseJob.releaseId(execution),
				execution.getExecutionContext().getLong(EVENTS_BEFORE, 0L));
	}

	/**
	 * Moves the release to the state the execution's end leads to, and records it: a
	 * pause that took effect (the clusters in flight have finished, so resuming means
	 * something now), or the release's end.
	 * @return false when a signal changed the release's state first
	 */
	private boolean end(String releaseId, ReleaseState from, ReleaseState state, String reason) {
		if (!this.releases.changeState(releaseId, Set.of(from), state, reason)) {
			return false;
		}
		Instant now = this.clock.instant();
		this.events.record((state == ReleaseState.PAUSED) ? new ReleasePaused(releaseId, now, reason)
				: new ReleaseEnded(releaseId, now, state, this.stages.progress(releaseId)));
		return true;
	}

	/**
	 * A shutdown that outlasts its grace period interrupts the threads of running waves;
	 * their waves roll back, and the release is left to be recovered at the next start
	 * like one whose process was killed, rather than failed.
	 */
	private static boolean interrupted(JobExecution execution) {
		return execution.getAllFailureExceptions().stream().anyMatch(ReleaseJobListener::causedByInterruption);
	}

	private static boolean causedByInterruption(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InterruptedException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A job that failed because PostgreSQL went away (or restarted) under it did nothing
	 * wrong: its last committed wave holds, and it goes on when the database is back.
	 */
	private static boolean databaseUnavailable(JobExecution execution) {
		return !execution.getAllFailureExceptions().isEmpty()
				&& execution.getAllFailureExceptions().stream().anyMatch(ReleaseJobListener::causedByDatabaseOutage);
	}

	private static boolean causedByDatabaseOutage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException
					|| cause instanceof SQLNonTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				// connection exceptions, and "terminating connection due to administrator
				// command" or "the database system is starting up"
				return true;
			}
		}
		return false;
	}

	/**
	 * What failed, in one line: the root cause of the first failure a step reported (a
	 * partitioned step's own failure only says that a partition failed), else the
	 * execution's exit description.
	 */
	private static String failure(JobExecution execution) {
		return execution.getAllFailureExceptions()
			.stream()
			.filter((failure) -> !(failure instanceof JobExecutionException))
			.findFirst()
			.map(ReleaseJobListener::rootCause)
			.map((cause) -> firstLine(cause.toString()))
			.orElseGet(() -> firstLine(execution.getExitStatus().getExitDescription()));
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static String firstLine(String text) {
		if (text == null || text.isBlank()) {
			return "failed";
		}
		String line = text.lines().findFirst().orElse(text);
		return (line.length() > 1000) ? line.substring(0, 1000) : line;
	}

}
