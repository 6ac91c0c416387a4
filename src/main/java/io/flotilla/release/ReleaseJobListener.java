package io.flotilla.release;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.EnumSet;

import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseEvent.ReleaseEnded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Keeps a release's state in step with its job executions. A step that stops the job (a
 * bake, a gate, a breached budget) or a signal that asked it to stop has already said
 * why; this listener turns the stop into the state it leads to, and records the rest.
 */
class ReleaseJobListener implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ReleaseJobListener.class);

	private static final String SHUTDOWN = "stopped by a server shutdown after its last committed wave; resumes when a server starts";

	private static final String DATABASE = "stopped because the database was unavailable; resumes when it is back";

	private static final String EVENTS_BEFORE = "flotilla.events.before";

	private final ReleaseStore store;

	private final ShutdownSignal shutdown;

	private final ReleaseEvents events;

	private final Clock clock;

	private final ReleaseOwners owners;

	ReleaseJobListener(ReleaseStore store, ShutdownSignal shutdown, ReleaseEvents events, Clock clock,
			ReleaseOwners owners) {
		this.owners = owners;
		this.store = store;
		this.shutdown = shutdown;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		String releaseId = releaseId(execution);
		this.owners.claim(releaseId);
		this.store.transition(releaseId, EnumSet.of(ReleaseState.STARTING, ReleaseState.BAKING, ReleaseState.RUNNING),
				ReleaseState.RUNNING, null);
		execution.getExecutionContext().putLong(EVENTS_BEFORE, this.store.lastEventId(releaseId));
		logger.info("release={} running (execution {})", releaseId, execution.getId());
	}

	@Override
	public void afterJob(JobExecution execution) {
		String releaseId = releaseId(execution);
		ReleaseState state = this.store.find(releaseId).map(ReleaseRecord::state).orElseThrow();
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.COMPLETED) {
			end(releaseId, ReleaseState.COMPLETED, null);
		}
		else if (state == ReleaseState.CANCELLING || state == ReleaseState.CANCELLED) {
			execution.upgradeStatus(BatchStatus.ABANDONED);
			end(releaseId, ReleaseState.CANCELLED, this.store.find(releaseId).orElseThrow().stateReason());
		}
		else if (state == ReleaseState.RUNNING && (this.shutdown.isServerStopping() || interrupted(execution))) {
			this.store.updateState(releaseId, ReleaseState.RUNNING, SHUTDOWN);
			logger.info("release={} {}", releaseId, SHUTDOWN);
		}
		else if (state == ReleaseState.RUNNING && (status == BatchStatus.FAILED || status == BatchStatus.UNKNOWN)
				&& databaseUnavailable(execution)) {
			// A step that could not save its end leaves the job UNKNOWN, which Spring
			// Batch refuses to restart; its last committed wave holds, so it is FAILED
			// (saved after this listener), and the watchdog restarts it once the
			// database answers again.
			execution.setStatus(BatchStatus.FAILED);
			this.store.updateState(releaseId, ReleaseState.RUNNING, DATABASE);
			logger.warn("release={} {}", releaseId, DATABASE);
		}
		else if (status == BatchStatus.STOPPED && state == ReleaseState.RUNNING
				&& this.store.goneOnSince(releaseId, execution.getExecutionContext().getLong(EVENTS_BEFORE, 0L))) {
			// a go-on signal came while this execution was stopping and found it running;
			// ReleaseJob restarts the release once this execution has ended
			logger.info("release={} was told to go on while execution {} stopped; restarting", releaseId,
					execution.getId());
		}
		else if (status == BatchStatus.STOPPED) {
			this.store.transition(releaseId, EnumSet.of(ReleaseState.PAUSING, ReleaseState.RUNNING),
					ReleaseState.PAUSED, (state == ReleaseState.PAUSING) ? reason(releaseId) : "stopped");
		}
		else {
			end(releaseId, ReleaseState.FAILED, firstLine(execution.getExitStatus().getExitDescription()));
		}
	}

	private void end(String releaseId, ReleaseState state, String reason) {
		this.store.updateState(releaseId, state, reason);
		this.events.record(new ReleaseEnded(releaseId, this.clock.instant(), state, this.store.progress(releaseId)));
	}

	private String reason(String releaseId) {
		return this.store.find(releaseId).map(ReleaseRecord::stateReason).orElse(null);
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

	private static String releaseId(JobExecution execution) {
		return execution.getJobParameters().getString(ReleaseJob.RELEASE_ID);
	}

	private static String firstLine(String text) {
		if (text == null || text.isBlank()) {
			return "failed";
		}
		String line = text.lines().findFirst().orElse(text);
		return (line.length() > 1000) ? line.substring(0, 1000) : line;
	}

}
