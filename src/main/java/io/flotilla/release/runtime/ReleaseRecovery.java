package io.flotilla.release.runtime;

import java.time.Clock;

import io.flotilla.control.ReleaseState;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.timer.ReleaseTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * At start-up, picks up the releases a stopped process left behind: executions left
 * running are recovered and restarted, releases recorded but never started are started,
 * and running releases whose execution ended are restarted. Releases waiting for a bake
 * are left to their timers, which fire at start when they came due.
 */
class ReleaseRecovery {

	private static final Logger logger = LoggerFactory.getLogger(ReleaseRecovery.class);

	private final ReleaseTable releases;

	private final ReleaseLauncher launcher;

	private final ReleaseTimers timers;

	private final Clock clock;

	ReleaseRecovery(ReleaseTable releases, ReleaseLauncher launcher, ReleaseTimers timers, Clock clock) {
		this.releases = releases;
		this.launcher = launcher;
		this.timers = timers;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void recover() {
		for (String releaseId : this.releases.findUnfinished()) {
			try {
				recover(releaseId);
			}
			catch (RuntimeException ex) {
				logger.error("release={} could not be recovered: {}", releaseId, ex.getMessage());
			}
		}
	}

	private void recover(String releaseId) {
		ReleaseState state = this.releases.find(releaseId).orElseThrow().state();
		JobExecution last = this.launcher.lastExecution(releaseId);
		if (last == null || last.getStatus().isRunning() || state.isActive() || overdueTimer(releaseId, state)) {
			this.launcher.recover(releaseId);
		}
	}

	/**
	 * A bake (or a wait for claims) whose timer came due while no server ran. Its Quartz
	 * trigger would fire too, but if the dead server had already claimed it, Quartz frees
	 * it only after that server misses its check-ins; restarting now is safe because the
	 * bake step checks the recorded bake end, and the late trigger then finds the release
	 * running or done.
	 */
	private boolean overdueTimer(String releaseId, ReleaseState state) {
		if (!ReleaseState.TIMED.contains(state)) {
			return false;
		}
		return this.timers.nextResume(releaseId).map((at) -> !at.isAfter(this.clock.instant())).orElse(true);
	}

}
