package io.flotilla.release;

import io.flotilla.control.ReleaseState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Keeps a release's state in step with its job executions. A step that stops the job (a
 * bake, a breached budget) records why itself; this listener records the rest.
 */
class ReleaseJobListener implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ReleaseJobListener.class);

	private static final String SHUTDOWN = "stopped by a server shutdown after its last committed wave; resumes when a server starts";

	private final ReleaseStore store;

	private final ShutdownSignal shutdown;

	ReleaseJobListener(ReleaseStore store, ShutdownSignal shutdown) {
		this.store = store;
		this.shutdown = shutdown;
	}

	@Override
	public void beforeJob(JobExecution execution) {
		String releaseId = releaseId(execution);
		this.store.updateState(releaseId, ReleaseState.RUNNING, null);
		logger.info("release={} running (execution {})", releaseId, execution.getId());
	}

	@Override
	public void afterJob(JobExecution execution) {
		String releaseId = releaseId(execution);
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.COMPLETED) {
			this.store.updateState(releaseId, ReleaseState.COMPLETED, null);
			logger.info("release={} completed", releaseId);
		}
		else if (this.shutdown.isServerStopping() || interrupted(execution)) {
			this.store.find(releaseId)
				.filter((release) -> release.state() == ReleaseState.RUNNING)
				.ifPresent((release) -> {
					this.store.updateState(releaseId, ReleaseState.RUNNING, SHUTDOWN);
					logger.info("release={} {}", releaseId, SHUTDOWN);
				});
		}
		else if (status == BatchStatus.STOPPED) {
			this.store.find(releaseId)
				.filter((release) -> release.state() == ReleaseState.RUNNING)
				.ifPresent((release) -> this.store.updateState(releaseId, ReleaseState.PAUSED, "stopped"));
		}
		else {
			String reason = firstLine(execution.getExitStatus().getExitDescription());
			this.store.updateState(releaseId, ReleaseState.FAILED, reason);
			logger.error("release={} failed: {}", releaseId, reason);
		}
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
