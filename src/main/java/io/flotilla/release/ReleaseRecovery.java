package io.flotilla.release;

import io.flotilla.control.ReleaseState;
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

	private final ReleaseStore store;

	private final ReleaseLauncher launcher;

	ReleaseRecovery(ReleaseStore store, ReleaseLauncher launcher) {
		this.store = store;
		this.launcher = launcher;
	}

	@EventListener(ApplicationReadyEvent.class)
	void recover() {
		for (String releaseId : this.store.findUnfinished()) {
			try {
				recover(releaseId);
			}
			catch (RuntimeException ex) {
				logger.error("release={} could not be recovered: {}", releaseId, ex.getMessage());
			}
		}
	}

	private void recover(String releaseId) {
		ReleaseState state = this.store.find(releaseId).map(ReleaseRecord::state).orElseThrow();
		JobExecution last = this.launcher.lastExecution(releaseId);
		if (last == null || last.getStatus().isRunning() || state.isActive()) {
			this.launcher.recover(releaseId);
		}
	}

}
