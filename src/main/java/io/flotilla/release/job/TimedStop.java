package io.flotilla.release.job;

import java.time.Instant;

import io.flotilla.control.ReleaseState;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.timer.ReleaseTimers;

import org.springframework.batch.core.scope.context.ChunkContext;

/**
 * How a step waits for a time without a thread: in the step's own transaction it leaves a
 * Quartz timer that restarts the release, moves an advancing release to the waiting state
 * with the reason, and stops the job after the step. A crash before the commit leaves
 * neither, and the re-run step decides again.
 */
final class TimedStop {

	private TimedStop() {
	}

	static void until(ReleaseTimers timers, ReleaseTable releases, String releaseId, ReleaseState waiting, String why,
			Instant at, ChunkContext chunkContext) {
		timers.resumeAt(releaseId, why, at);
		releases.changeState(releaseId, ReleaseState.ADVANCING, waiting, why);
		chunkContext.getStepContext().getStepExecution().setTerminateOnly();
	}

}
