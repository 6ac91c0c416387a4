package io.flotilla.release.job;

import java.time.Clock;

import io.flotilla.control.Gate;
import io.flotilla.release.ReleaseEvent.GateWaiting;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseTable;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * An approval gate: before the release starts, or before a stage. Until someone sends
 * {@code continue} the step stops the job and the release awaits approval; once passed,
 * the gate lets every later run through.
 */
class GateTasklet implements Tasklet {

	private final ReleaseTable releases;

	private final ReleaseEventLog events;

	private final Clock clock;

	private final String releaseId;

	private final Gate gate;

	private final String stage;

	/**
	 * @param stage the stage the gate stands before; for the release's own gate, its
	 * first stage
	 */
	GateTasklet(ReleaseTable releases, ReleaseEventLog events, Clock clock, String releaseId, Gate gate, String stage) {
		this.releases = releases;
		this.events = events;
		this.clock = clock;
		this.releaseId = releaseId;
		this.gate = gate;
		this.stage = stage;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		if (this.releases.approved(this.releaseId, this.gate, this.stage)) {
			return RepeatStatus.FINISHED;
		}
		String waitingFor = (this.gate == Gate.RELEASE) ? "approval of release " + this.releaseId
				: "approval of stage " + this.stage;
		if (this.releases.awaitApproval(this.releaseId, this.gate, this.stage, "waiting for " + waitingFor)) {
			this.events.record(new GateWaiting(this.releaseId, this.clock.instant(), this.stage, waitingFor));
		}
		chunkContext.getStepContext().getStepExecution().setTerminateOnly();
		return RepeatStatus.FINISHED;
	}

}
