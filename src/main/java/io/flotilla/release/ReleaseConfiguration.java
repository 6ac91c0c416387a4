package io.flotilla.release;

import java.nio.file.Path;
import java.time.Clock;

import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetSettings;
import io.flotilla.schedule.ReleaseTimers;
import org.quartz.Scheduler;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.batch.autoconfigure.BatchTaskExecutor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the release job: the fleet it acts on, the executors it runs on, and its steps'
 * collaborators.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ReleaseConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean(destroyMethod = "close")
	Fleet fleet(ReleaseProperties properties) {
		return new Fleet(FleetSettings.defaults(Path.of(properties.kubeconfig())));
	}

	@Bean
	WavePlanner wavePlanner(Fleet fleet) {
		return new WavePlanner(fleet);
	}

	/**
	 * Runs release jobs, so the server runs several at once and a start request returns
	 * at once; more releases than threads wait in the queue.
	 */
	@Bean
	@BatchTaskExecutor
	ThreadPoolTaskExecutor releaseExecutor(ReleaseProperties properties) {
		return executor("release-", properties.releases().concurrent());
	}

	/**
	 * Runs the cluster groups of a stage side by side.
	 */
	@Bean
	ThreadPoolTaskExecutor partitionExecutor(ReleaseProperties properties) {
		return executor("group-", properties.releases().partitionThreads());
	}

	@Bean
	ShutdownSignal shutdownSignal() {
		return new ShutdownSignal();
	}

	@Bean
	ReleaseEvents releaseEvents(ReleaseStore store, ApplicationEventPublisher publisher) {
		return new ReleaseEvents(store, publisher);
	}

	@Bean
	ReleaseJobListener releaseJobListener(ReleaseStore store, ShutdownSignal shutdown, ReleaseEvents events,
			Clock clock, ReleaseOwners owners) {
		return new ReleaseJobListener(store, shutdown, events, clock, owners);
	}

	@Bean
	ReleaseOwners releaseOwners(JdbcClient jdbc, Scheduler scheduler, Clock clock) {
		return new ReleaseOwners(jdbc, scheduler, clock);
	}

	@Bean
	ReleaseJobFactory releaseJobFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ThreadPoolTaskExecutor partitionExecutor, ReleaseJobListener listener, Fleet fleet, ReleaseStore store,
			ReleaseTimers timers, Clock clock, ShutdownSignal shutdown, ReleaseEvents events) {
		return new ReleaseJobFactory(jobRepository, transactionManager, partitionExecutor, listener, fleet, store,
				timers, clock, shutdown, events);
	}

	@Bean
	ReleaseJob releaseJob(ReleaseStore store, ReleaseJobFactory factory, ShutdownSignal shutdown,
			ObjectProvider<ReleaseLauncher> launcher) {
		return new ReleaseJob(store, factory, shutdown, (releaseId) -> launcher.getObject().restart(releaseId)) {

			// tells the launcher when an execution no longer lives in this process
			@Override
			public void execute(JobExecution execution) throws JobInterruptedException {
				try {
					super.execute(execution);
				}
				finally {
					launcher.getObject().ended(execution);
				}
			}

		};
	}

	@Bean
	ReleaseLauncher releaseLauncher(JobOperator jobOperator, JobRepository jobRepository, ReleaseJob job,
			ReleaseOwners owners) {
		return new ReleaseLauncher(jobOperator, jobRepository, job, owners);
	}

	@Bean
	ReleaseRecovery releaseRecovery(ReleaseStore store, ReleaseLauncher launcher, ReleaseTimers timers, Clock clock) {
		return new ReleaseRecovery(store, launcher, timers, clock);
	}

	@Bean
	ReleaseWatchdog releaseWatchdog(ReleaseStore store, ReleaseLauncher launcher, ShutdownSignal shutdown) {
		return new ReleaseWatchdog(store, launcher, shutdown);
	}

	private static ThreadPoolTaskExecutor executor(String prefix, int threads) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix(prefix);
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		executor.setQueueCapacity(10_000);
		return executor;
	}

}
