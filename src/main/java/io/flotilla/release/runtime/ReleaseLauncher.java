package io.flotilla.release.runtime;

import java.time.LocalDateTime;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.flotilla.release.job.ReleaseExecutionEnded;
import io.flotilla.release.job.ReleaseJob;
import io.flotilla.control.ReleaseState;
import io.flotilla.release.store.ReleaseOwners;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.wave.ShutdownSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.event.EventListener;

/**
 * Starts and restarts release jobs through the JobOperator. A restart goes to the
 * release's last execution and is a no-op when that execution is still running or the
 * release is done, so timers, signals and recovery may all ask for it without
 * coordinating.
 * <p>
 * It also knows which executions live in this process: from their launch until their job
 * has returned (its last write to the JobRepository included). An execution the
 * JobRepository shows running but that does not live here was left by a process that
 * died, or by a job whose last writes failed (the database went away); only those are
 * recovered, never one that still runs here.
 * <p>
 * It is the one place that decides whether a release must be restarted when an execution
 * ends: when a signal let the release go on while the execution was stopping, so that the
 * signal's own restart found it still running; and when a timer fired while the execution
 * that set it was still ending (a soak's next look comes one check interval after the
 * step stopped the job, which a loaded server may not have finished by then): the fired
 * timer is gone, so without this the release would wait, timed, for nothing.
 */
class ReleaseLauncher {

	private static final Logger logger = LoggerFactory.getLogger(ReleaseLauncher.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final ReleaseJob job;

	private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

	private final Set<Long> liveHere = ConcurrentHashMap.newKeySet();

	private final Set<Long> endedBeforeRecorded = ConcurrentHashMap.newKeySet();

	/** Releases a restart was asked for while their execution still ran here. */
	private final Set<String> askedWhileRunning = ConcurrentHashMap.newKeySet();

	private final ReleaseOwners owners;

	private final ShutdownSignal shutdown;

	private final ReleaseTable releases;

	private final Recoveries recoveries;

	ReleaseLauncher(JobOperator jobOperator, JobRepository jobRepository, ReleaseJob job, ReleaseOwners owners,
			ShutdownSignal shutdown, ReleaseTable releases, Recoveries recoveries) {
		this.owners = owners;
		this.recoveries = recoveries;
		this.shutdown = shutdown;
		this.releases = releases;
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = job;
	}

	void start(String releaseId) {
		synchronized (lock(releaseId)) {
			try {
				launched(this.jobOperator.start(this.job, ReleaseJob.parameters(releaseId)));
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not start the job of release " + releaseId, ex);
			}
		}
	}

	/**
	 * Restarts the release's job from its last committed wave, or starts it if it never
	 * started.
	 */
	void restart(String releaseId) {
		synchronized (lock(releaseId)) {
			JobExecution last = lastExecution(releaseId);
			if (last == null) {
				start(releaseId);
				return;
			}
			if (last.getStatus().isRunning()) {
				logger.info("release={} already running (execution {})", releaseId, last.getId());
				if (isLiveHere(last)) {
					this.askedWhileRunning.add(releaseId);
				}
				return;
			}
			if (last.getStatus() != BatchStatus.STOPPED && last.getStatus() != BatchStatus.FAILED) {
				logger.info("release={} is {}; nothing to restart", releaseId, last.getStatus());
				return;
			}
			try {
				launched(this.jobOperator.restart(last));
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not restart release " + releaseId, ex);
			}
		}
	}

	/**
	 * Marks an execution left running by a process that died as failed, then restarts the
	 * release.
	 */
	void recover(String releaseId) {
		synchronized (lock(releaseId)) {
			JobExecution last = lastExecution(releaseId);
			if (last != null && last.getStatus().isRunning() && isLiveHere(last)) {
				// launched by this process since it started (a timer that came due, the
				// watchdog): it runs, nothing to recover
				logger.info("release={} already running (execution {})", releaseId, last.getId());
				return;
			}
			if (last != null && last.getStatus().isRunning() && this.owners.ownedByAnotherLiveProcess(releaseId)) {
				logger.info("release={} runs on another live server (execution {}); leaving it there", releaseId,
						last.getId());
				return;
			}
			if (last != null && last.getStatus().isRunning()) {
				logger.info("release={} recovering execution {} left {} by a stopped process", releaseId, last.getId(),
						last.getStatus());
				this.jobOperator.recover(last);
				this.recoveries.record(releaseId, last.getId());
			}
			restart(releaseId);
		}
	}

	/**
	 * Restarts a release whose last execution has ended or is dead: one that ended FAILED
	 * or STOPPED is restarted, one the JobRepository shows running but that does not live
	 * in this process is recovered first. A release that never started, or whose
	 * execution lives here, is left alone.
	 * @return whether the release was restarted
	 */
	boolean restartIfNotRunningHere(String releaseId) {
		synchronized (lock(releaseId)) {
			JobExecution last = lastExecution(releaseId);
			if (last == null || last.getStatus().isRunning()
					&& (isLiveHere(last) || this.owners.ownedByAnotherLiveProcess(releaseId))) {
				return false;
			}
			if (last.getStatus().isRunning()) {
				logger.info("release={} recovering execution {} left {} by a job that could not record its end",
						releaseId, last.getId(), last.getStatus());
				this.jobOperator.recover(last);
				this.recoveries.record(releaseId, last.getId());
			}
			else if (last.getStatus() != BatchStatus.STOPPED && last.getStatus() != BatchStatus.FAILED) {
				return false;
			}
			failStepsLeftUnfinished(last);
			restart(releaseId);
			return true;
		}
	}

	/**
	 * Steps of a dead execution whose last save failed (the database went away) are left
	 * STARTED, or UNKNOWN, which Spring Batch refuses to restart; their last committed
	 * chunk holds, so they are marked FAILED and restart from it.
	 */
	private void failStepsLeftUnfinished(JobExecution execution) {
		for (StepExecution step : execution.getStepExecutions()) {
			if (step.getStatus().isRunning() || step.getStatus() == BatchStatus.UNKNOWN) {
				logger.info("release={} step {} of execution {} left {}; marking it FAILED", releaseId(execution),
						step.getStepName(), execution.getId(), step.getStatus());
				step.setStatus(BatchStatus.FAILED);
				if (step.getEndTime() == null) {
					step.setEndTime(LocalDateTime.now());
				}
				this.jobRepository.update(step);
			}
		}
	}

	private static String releaseId(JobExecution execution) {
		return ReleaseJob.releaseId(execution);
	}

	/**
	 * A release's job has returned: from then on the execution no longer lives here. A
	 * stopped execution whose release is running without a reason was told to go on while
	 * it stopped (a stop for a shutdown or an outage gives a reason), and one whose
	 * release still waits on a timer (baking, soaking, waiting for claims or a window)
	 * after that timer fired while it ran was asked to go on by the timer; either is
	 * restarted, unless the server is stopping: the next one resumes it.
	 */
	@EventListener
	void ended(ReleaseExecutionEnded ended) {
		JobExecution execution = ended.execution();
		String releaseId = ended.releaseId();
		boolean asked;
		synchronized (lock(releaseId)) {
			if (!this.liveHere.remove(execution.getId())) {
				// ended before its launch returned
				this.endedBeforeRecorded.add(execution.getId());
			}
			asked = this.askedWhileRunning.remove(releaseId);
		}
		if (execution.getStatus() == BatchStatus.STOPPED && !this.shutdown.isServerStopping()
				&& goesOn(releaseId, asked)) {
			restart(releaseId);
		}
	}

	private boolean goesOn(String releaseId, boolean askedWhileRunning) {
		return this.releases.find(releaseId)
			.map((release) -> release.state() == ReleaseState.RUNNING && release.stateReason() == null
					|| askedWhileRunning && ReleaseState.TIMED.contains(release.state()))
			.orElse(false);
	}

	boolean isLiveHere(JobExecution execution) {
		return this.liveHere.contains(execution.getId());
	}

	private void launched(JobExecution execution) {
		if (execution != null && !this.endedBeforeRecorded.remove(execution.getId())) {
			this.liveHere.add(execution.getId());
		}
	}

	/**
	 * Ends a stopped release's job for good, so that nothing can restart it.
	 */
	void abandon(String releaseId) {
		synchronized (lock(releaseId)) {
			JobExecution last = lastExecution(releaseId);
			if (last == null || last.getStatus() != BatchStatus.STOPPED && last.getStatus() != BatchStatus.FAILED) {
				// a running execution is abandoned by the job listener when it stops
				return;
			}
			try {
				this.jobOperator.abandon(last);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not abandon the job of release " + releaseId, ex);
			}
		}
	}

	JobExecution lastExecution(String releaseId) {
		JobParameters parameters = ReleaseJob.parameters(releaseId);
		JobInstance instance = this.jobRepository.getJobInstance(ReleaseJob.NAME, parameters);
		return (instance != null) ? this.jobRepository.getLastJobExecution(instance) : null;
	}

	private Object lock(String releaseId) {
		return this.locks.computeIfAbsent(releaseId, (id) -> new Object());
	}

}
