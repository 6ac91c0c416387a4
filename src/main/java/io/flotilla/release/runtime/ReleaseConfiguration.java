package io.flotilla.release.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.flotilla.account.Users;
import io.flotilla.audit.AuditLog;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetSettings;
import io.flotilla.health.HealthChecks;
import io.flotilla.release.WavePlanner;
import io.flotilla.release.check.ReleaseHealthWatch;
import io.flotilla.release.job.ReleaseJob;
import io.flotilla.release.job.ReleaseJobFactory;
import io.flotilla.release.store.ClaimTable;
import io.flotilla.release.store.ClusterTable;
import io.flotilla.release.store.FreezeTable;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseOwners;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageTable;
import io.flotilla.release.wave.InFlightClusters;
import io.flotilla.release.wave.RolloutSteps;
import io.flotilla.release.wave.ShutdownSignal;
import io.flotilla.timer.ReleaseTimers;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.batch.autoconfigure.BatchTaskExecutor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the running server's releases: the fleet they act on, the executors their jobs
 * run on, the job and its steps' collaborators, and the service in front of them.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ReleaseConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ReleaseConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * The fleet, from a kubeconfig read once: a server without one still starts (a fresh
	 * machine has none), and says at once that it will refuse every plan, rather than at
	 * the first release.
	 */
	@Bean(destroyMethod = "close")
	Fleet fleet(ReleaseProperties properties) {
		Fleet fleet = new Fleet(FleetSettings.defaults(Path.of(properties.kubeconfig())));
		Optional<String> whyNoContexts = fleet.whyNoContexts();
		if (whyNoContexts.isPresent()) {
			logger.warn("{}: every plan is refused until the server is restarted with a kubeconfig that has the"
					+ " fleet's contexts (--kubeconfig or flotilla.kubeconfig)", whyNoContexts.get());
		}
		return fleet;
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
	ReleaseOwners releaseOwners(JdbcClient jdbc, Scheduler scheduler, Clock clock) {
		return new ReleaseOwners(jdbc, scheduler, clock);
	}

	@Bean
	RolloutSteps rolloutSteps(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ThreadPoolTaskExecutor partitionExecutor, ReleaseTable releases, StageTable stages, ClusterTable clusters,
			ReleaseEventLog events, Fleet fleet, ShutdownSignal shutdown, InFlightClusters inFlight, Clock clock,
			HealthChecks health) {
		return new RolloutSteps(jobRepository, transactionManager, partitionExecutor, releases, stages, clusters,
				events, fleet, shutdown, inFlight, clock, health);
	}

	@Bean
	InFlightClusters inFlightClusters() {
		return new InFlightClusters();
	}

	@Bean
	ReleaseJobFactory releaseJobFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			RolloutSteps rollouts, ReleaseTable releases, StageTable stages, ClaimTable claims, ReleaseEventLog events,
			ReleaseOwners owners, ReleaseTimers timers, ShutdownSignal shutdown, Clock clock,
			ReleaseProperties properties, SimpleReleaseFreezes freezes, ClusterTable clusters,
			@Value("${flotilla.checks.interval:10s}") Duration checkInterval) {
		return new ReleaseJobFactory(jobRepository, transactionManager, rollouts, releases, stages, claims, events,
				owners, timers, shutdown, clock, properties.releases().claimRecheck(), freezes::current, clusters,
				checkInterval);
	}

	@Bean
	ReleaseHealthWatch releaseHealthWatch(ReleaseTable releases, StageTable stages, ClusterTable clusters,
			ReleaseEventLog events, ReleaseTimers timers, HealthChecks health, TransactionTemplate transaction,
			Clock clock) {
		return new ReleaseHealthWatch(releases, stages, clusters, events, timers, health, transaction, clock);
	}

	@Bean
	SimpleReleaseFreezes releaseFreezes(FreezeTable table, ReleaseTable releases, ReleaseTimers timers, AuditLog audit,
			TransactionTemplate transaction, Clock clock, ReleaseProperties properties) {
		return new SimpleReleaseFreezes(table, releases, timers, audit, transaction, clock,
				properties.freezes().toFreezes());
	}

	@Bean
	ReleaseJob releaseJob(ReleaseTable releases, ReleaseJobFactory factory, ApplicationEventPublisher publisher) {
		return new ReleaseJob(releases, factory, publisher);
	}

	@Bean
	ReleaseLauncher releaseLauncher(JobOperator jobOperator, JobRepository jobRepository, ReleaseJob job,
			ReleaseOwners owners, ShutdownSignal shutdown, ReleaseTable releases, ReleaseEventLog events, Clock clock) {
		return new ReleaseLauncher(jobOperator, jobRepository, job, owners, shutdown, releases,
				new Recoveries(events, clock));
	}

	@Bean
	ReleaseSignals releaseSignals(ReleaseTable releases, StageTable stages, ClusterTable clusters,
			ReleaseEventLog events, ReleaseTimers timers, ReleaseLauncher launcher, TransactionTemplate transaction,
			Clock clock) {
		return new ReleaseSignals(releases, stages, clusters, events, timers, launcher, transaction, clock);
	}

	@Bean
	SimpleReleaseService releaseService(ReleaseTable releases, StageTable stages, ClusterTable clusters,
			ReleaseEventLog events, ClaimTable claims, WavePlanner planner, ReleaseLauncher launcher,
			ReleaseSignals signals, InFlightClusters inFlight, Users users, TransactionTemplate transaction,
			Clock clock, @Value("${flotilla.steps.directory:steps}") Path steps) {
		return new SimpleReleaseService(releases, stages, clusters, events, new StartClaims(claims, events, clock),
				planner, launcher, signals, inFlight, users::knownGroups, transaction, clock, steps);
	}

	@Bean
	ReleaseReads releaseViews(SimpleReleaseService service, ReleaseTable releases, StageTable stages,
			ClusterTable clusters, InFlightClusters inFlight, Fleet fleet) {
		return new ReleaseReads(service, releases, stages, clusters, inFlight, fleet);
	}

	@Bean
	ReleaseRecovery releaseRecovery(ReleaseTable releases, ReleaseLauncher launcher, ReleaseTimers timers,
			Clock clock) {
		return new ReleaseRecovery(releases, launcher, timers, clock);
	}

	@Bean
	ReleaseWatchdog releaseWatchdog(ReleaseTable releases, ReleaseLauncher launcher, ShutdownSignal shutdown) {
		return new ReleaseWatchdog(releases, launcher, shutdown);
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
