package io.flotilla.release.job;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import io.flotilla.control.ReleaseState;
import io.flotilla.release.store.ReleaseOwners;
import io.flotilla.release.store.ReleaseRecord;
import io.flotilla.release.store.TestTables;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageTable;
import io.flotilla.release.wave.ShutdownSignal;
import io.flotilla.support.MigratedDatabase;
import io.flotilla.timer.ReleaseTimers;
import io.flotilla.release.store.ReleaseEventLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.support.JdbcTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change the transition table refuses, asked for from inside a running job, fails the
 * execution with the table's message: a real Spring Batch job on a JobRepository over
 * PostgreSQL, with the release's job listener, whose one tasklet step asks for
 * {@code COMPLETED -> BAKING}.
 */
class IllegalChangeInJobIntegrationTests {

	private static final Clock clock = Clock.fixed(Instant.parse("2030-01-01T10:00:00Z"), ZoneOffset.UTC);

	private static MigratedDatabase database;

	private static Scheduler scheduler;

	private static JobRepository jobRepository;

	private static JdbcTransactionManager transactionManager;

	@BeforeAll
	static void jobRepository() throws Exception {
		database = MigratedDatabase.latest();
		transactionManager = new JdbcTransactionManager(database.dataSource());
		JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
		factory.setDataSource(database.dataSource());
		factory.setTransactionManager(transactionManager);
		factory.afterPropertiesSet();
		jobRepository = factory.getObject();
		Properties properties = new Properties();
		properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "illegal-change-" + UUID.randomUUID());
		properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
		properties.setProperty("org.quartz.threadPool.threadCount", "1");
		scheduler = new StdSchedulerFactory(properties).getScheduler();
	}

	@AfterAll
	static void shutdown() throws Exception {
		scheduler.shutdown();
	}

	@Test
	void anIllegalChangeInsideAJobFailsItsExecutionWithTheTablesMessage() throws Exception {
		// given: a release about to start, and a step that asks for COMPLETED -> BAKING
		String releaseId = "illegal-1";
		ReleaseTable releases = TestTables.releases(database, clock);
		StageTable stages = TestTables.stages(database);
		releases.insert(new ReleaseRecord(releaseId, "plan", "plan.yaml", "name: plan\n", "25.3", ReleaseState.STARTING,
				null, "tester", clock.instant(), clock.instant(), null, null, null));
		ReleaseEventLog events = TestTables.events(database, (event) -> {
		});
		ReleaseJobListener listener = new ReleaseJobListener(releases, stages, events,
				new ReleaseOwners(database.jdbc(), scheduler, clock), new ShutdownSignal(), clock,
				new AutomaticRestarts(events, new ReleaseTimers(scheduler), clock));
		Job job = new JobBuilder(ReleaseJob.NAME, jobRepository).listener(listener)
			.start(new StepBuilder("illegal", jobRepository).tasklet((contribution, chunk) -> {
				releases.changeState(releaseId, Set.of(ReleaseState.COMPLETED), ReleaseState.BAKING, "x");
				return RepeatStatus.FINISHED;
			}, transactionManager).build())
			.build();
		JobParameters parameters = ReleaseJob.parameters(releaseId);
		JobInstance instance = jobRepository.createJobInstance(ReleaseJob.NAME, parameters);
		JobExecution execution = jobRepository.createJobExecution(instance, parameters, new ExecutionContext());

		// when
		job.execute(execution);

		// then: the execution failed with the table's message, as the repository saved it
		JobExecution saved = jobRepository.getLastJobExecution(ReleaseJob.NAME, parameters);
		for (JobExecution ended : new JobExecution[] { execution, saved }) {
			assertThat(ended.getStatus()).isEqualTo(BatchStatus.FAILED);
			assertThat(ended.getExitStatus().getExitCode()).isEqualTo(ExitStatus.FAILED.getExitCode());
			assertThat(ended.getExitStatus().getExitDescription())
				.contains("illegal state change of release " + releaseId + ": COMPLETED -> BAKING");
		}
		// and the release, which began running, failed with the message as its reason
		ReleaseRecord release = releases.find(releaseId).orElseThrow();
		assertThat(release.state()).isEqualTo(ReleaseState.FAILED);
		assertThat(release.stateReason()).contains("illegal state change of release " + releaseId)
			.contains("COMPLETED -> BAKING");
	}

}
