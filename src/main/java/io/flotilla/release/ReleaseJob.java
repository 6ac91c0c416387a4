package io.flotilla.release;

import java.util.function.Consumer;

import io.flotilla.control.ReleaseState;
import io.flotilla.plan.Plan;
import io.flotilla.plan.yaml.PlanLoader;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The one job the JobOperator knows: every release is an instance of it, told apart by
 * its id. Each execution builds the release's own steps from the plan snapshot stored
 * with the release, so {@code JobOperator.restart} finds the job by name like any other.
 */
class ReleaseJob implements Job {

	static final String RELEASE_ID = "release.id";

	private final ReleaseStore store;

	private final ReleaseJobFactory factory;

	private final PlanLoader planLoader = new PlanLoader();

	private final ShutdownSignal shutdown;

	private final Consumer<String> restart;

	/**
	 * @param restart restarts a release (the launcher, which needs this job)
	 */
	ReleaseJob(ReleaseStore store, ReleaseJobFactory factory, ShutdownSignal shutdown, Consumer<String> restart) {
		this.store = store;
		this.factory = factory;
		this.shutdown = shutdown;
		this.restart = restart;
	}

	static JobParameters parameters(String releaseId) {
		return new JobParametersBuilder().addString(RELEASE_ID, releaseId).toJobParameters();
	}

	@Override
	public String getName() {
		return ReleaseJobFactory.JOB_NAME;
	}

	@Override
	public void execute(JobExecution execution) throws JobInterruptedException {
		String releaseId = execution.getJobParameters().getString(RELEASE_ID);
		ReleaseRecord release = this.store.find(releaseId)
			.orElseThrow(() -> new IllegalStateException("Release " + releaseId + " is not recorded"));
		Plan plan = this.planLoader.load(release.planFile(), release.planText());
		this.factory.build(releaseId, plan).execute(execution);
		if (execution.getStatus() == BatchStatus.STOPPED && !this.shutdown.isServerStopping()
				&& this.store.find(releaseId)
					.map((stopped) -> stopped.state() == ReleaseState.RUNNING && stopped.stateReason() == null)
					.orElse(false)) {
			// a signal let the release go on while this execution stopped; now that it
			// has ended it can be restarted
			this.restart.accept(releaseId);
		}
	}

}
