package io.flotilla.release.runtime;

import io.flotilla.control.ReleaseState;
import io.flotilla.release.store.ReleaseRecord;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.wave.ShutdownSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.TransactionException;

/**
 * Restarts, while the server runs, the releases that should be running but whose job is
 * not: their state is advancing (RUNNING or STARTING) while their last execution ended
 * FAILED or STOPPED, or is shown running by the JobRepository but does not live in this
 * process. That is what a database outage leaves behind: the job failed because it could
 * not write, and so could its listener, or even the execution's own end. Without this
 * only the next server start would pick such a release up.
 * <p>
 * It goes through {@link ReleaseLauncher}, under the release's lock, so it never races an
 * execution that is being launched or still runs here; and it never touches a release an
 * engineer paused or cancelled, one waiting at a gate or for a bake (its timer does
 * that), nor one that never started (recovery at start-up does that). While the database
 * is down it logs one warning line, and one more when it is back.
 */
class ReleaseWatchdog {

	private static final Logger logger = LoggerFactory.getLogger(ReleaseWatchdog.class);

	private final ReleaseTable releases;

	private final ReleaseLauncher launcher;

	private final ShutdownSignal shutdown;

	private volatile boolean databaseDown;

	ReleaseWatchdog(ReleaseTable releases, ReleaseLauncher launcher, ShutdownSignal shutdown) {
		this.releases = releases;
		this.launcher = launcher;
		this.shutdown = shutdown;
	}

	@Scheduled(initialDelayString = "${flotilla.releases.watchdog-interval:5s}",
			fixedDelayString = "${flotilla.releases.watchdog-interval:5s}")
	void check() {
		if (this.shutdown.isServerStopping()) {
			return;
		}
		try {
			for (String releaseId : this.releases.findUnfinished()) {
				heal(releaseId);
			}
			if (this.databaseDown) {
				this.databaseDown = false;
				logger.info("release watchdog: database reachable again");
			}
		}
		catch (DataAccessException | TransactionException ex) {
			if (!this.databaseDown) {
				this.databaseDown = true;
				logger.warn("release watchdog: database unavailable ({}); checking again until it is back",
						firstLine(ex));
			}
		}
	}

	private void heal(String releaseId) {
		ReleaseState state = this.releases.find(releaseId).map(ReleaseRecord::state).orElse(null);
		if (state == null || !state.isAdvancing()) {
			return;
		}
		if (this.launcher.restartIfNotRunningHere(releaseId)) {
			logger.info("release watchdog: release={} was {} but its job was not running; restarted", releaseId, state);
		}
	}

	private static String firstLine(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = String.valueOf(root.getMessage());
		return message.lines().findFirst().orElse(message);
	}

}
