package io.flotilla.release.job;

import io.flotilla.plan.Plan;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.release.store.ReleaseRecord;
import io.flotilla.release.store.ReleaseTable;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The one job the JobOperator knows: every release is an instance of it, told apart by
 * its id. Each execution builds the release's own steps from the plan snapshot stored
 * with the release, so {@code JobOperator.restart} finds the job by name like any other.
 * When an execution has returned it publishes {@link ReleaseExecutionEnded}.
 */
public class ReleaseJob implements Job {

	public static final String NAME = "release";

	private static final String RELEASE_ID = "release.id";

	private final ReleaseTable releases;

	private final ReleaseJobFactory factory;

	private final ApplicationEventPublisher publisher;

	private final PlanLoader planLoader = new PlanLoader();

	public ReleaseJob(ReleaseTable releases, ReleaseJobFactory factory, ApplicationEventPublisher publisher) {
		this.releases = releases;
		this.factory = factory;
		this.publisher = publisher;
	}

	public static JobParameters parameters(String releaseId) {
		return new JobParametersBuilder().addString(RELEASE_ID, releaseId).toJobParameters();
	}

	public static String releaseId(JobExecution execution) {
		return execution.getJobParameters().getString(RELEASE_ID);
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public void execute(JobExecution execution) throws JobInterruptedException {
		try {
			String releaseId = releaseId(execution);
			ReleaseRecord release = this.releases.find(releaseId)
				.orElseThrow(() -> new IllegalStateException("Release " + releaseId + " is not recorded"));
			Plan plan = this.planLoader.load(release.planFile(), release.planText());
			this.factory.watchChecks(releaseId, plan);
			this.factory.build(releaseId, plan).execute(execution);
		}
		finally {
			this.publisher.publishEvent(new ReleaseExecutionEnded(execution));
		}
	}

}
