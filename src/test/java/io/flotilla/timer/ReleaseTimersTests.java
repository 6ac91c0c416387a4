package io.flotilla.timer;

import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real Quartz scheduler on the in-memory job store, left in standby: the timers
 * are stored and read as in the server, but none fires.
 */
class ReleaseTimersTests {

	private static final Instant BAKE_END = Instant.parse("2099-01-01T10:00:00Z");

	private Scheduler scheduler;

	private ReleaseTimers timers;

	@BeforeEach
	void scheduler() throws SchedulerException {
		Properties properties = new Properties();
		properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME,
				"release-timers-tests-" + UUID.randomUUID());
		properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
		properties.setProperty("org.quartz.threadPool.threadCount", "1");
		this.scheduler = new StdSchedulerFactory(properties).getScheduler();
		this.timers = new ReleaseTimers(this.scheduler);
	}

	@AfterEach
	void shutdown() throws SchedulerException {
		this.scheduler.shutdown();
	}

	@Test
	void aTimerIsSetForTheInstantToResumeTheRelease() throws SchedulerException {
		this.timers.resumeAt("r1", "bake of stage canary", BAKE_END);

		assertThat(this.timers.nextResume("r1")).contains(BAKE_END);
		JobDetail job = this.scheduler.getJobDetail(onlyJob());
		assertThat(job.getJobClass()).isEqualTo(ResumeReleaseJob.class);
		assertThat(job.getJobDataMap().getString(ResumeReleaseJob.RELEASE_ID)).isEqualTo("r1");
		assertThat(job.getDescription()).isEqualTo("bake of stage canary");
	}

	@Test
	void aReleaseHasOneTimerTheLastOneSet() throws SchedulerException {
		this.timers.resumeAt("r1", "bake of stage canary", BAKE_END);
		this.timers.resumeAt("r1", "bake of stage eu", BAKE_END.plusSeconds(3600));

		assertThat(this.timers.nextResume("r1")).contains(BAKE_END.plusSeconds(3600));
		assertThat(this.scheduler.getTriggerKeys(GroupMatcher.anyTriggerGroup())).hasSize(1);
		assertThat(this.scheduler.getJobDetail(onlyJob()).getDescription()).isEqualTo("bake of stage eu");
	}

	@Test
	void cancelRemovesTheReleasesTimerAndNoOther() throws SchedulerException {
		this.timers.resumeAt("r1", "bake of stage canary", BAKE_END);
		this.timers.resumeAt("r2", "bake of stage canary", BAKE_END.plusSeconds(60));

		this.timers.cancel("r1");

		assertThat(this.timers.nextResume("r1")).isEmpty();
		assertThat(this.timers.nextResume("r2")).contains(BAKE_END.plusSeconds(60));
		assertThat(this.scheduler.getJobKeys(GroupMatcher.anyJobGroup())).extracting(JobKey::getName)
			.containsExactly("r2");
	}

	@Test
	void cancellingAReleaseWithoutATimerDoesNothing() throws SchedulerException {
		this.timers.cancel("r1");

		assertThat(this.timers.nextResume("r1")).isEmpty();
		assertThat(this.scheduler.getJobKeys(GroupMatcher.anyJobGroup())).isEmpty();
	}

	@Test
	void anUnknownReleaseHasNoTimer() {
		assertThat(this.timers.nextResume("unknown")).isEmpty();
	}

	@Test
	void aTimerSetInATransactionIsStoredAgainAfterTheCommit() throws SchedulerException {
		TransactionSynchronizationManager.initSynchronization();
		try {
			this.timers.resumeAt("r1", "bake of stage canary", BAKE_END);
			List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
			assertThat(synchronizations).hasSize(1);

			synchronizations.get(0).afterCommit();
		}
		finally {
			TransactionSynchronizationManager.clearSynchronization();
		}

		assertThat(this.timers.nextResume("r1")).contains(BAKE_END);
		assertThat(this.scheduler.getTriggerKeys(GroupMatcher.anyTriggerGroup())).hasSize(1);
	}

	private JobKey onlyJob() throws SchedulerException {
		assertThat(this.scheduler.getJobKeys(GroupMatcher.anyJobGroup())).hasSize(1);
		return this.scheduler.getJobKeys(GroupMatcher.anyJobGroup()).iterator().next();
	}

}
