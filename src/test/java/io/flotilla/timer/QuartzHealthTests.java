package io.flotilla.timer;

import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real Quartz scheduler (in memory): ready only while it runs.
 */
class QuartzHealthTests {

	private final Scheduler scheduler = scheduler();

	@AfterEach
	void shutDown() throws SchedulerException {
		this.scheduler.shutdown();
	}

	@Test
	void upOnlyWhileTheSchedulerRuns() throws SchedulerException {
		QuartzHealth health = new QuartzHealth(this.scheduler);
		assertThat(health.health(false).getStatus()).as("not started").isEqualTo(Status.DOWN);

		this.scheduler.start();
		assertThat(health.health(false).getStatus()).as("started").isEqualTo(Status.UP);

		this.scheduler.standby();
		assertThat(health.health(false).getStatus()).as("in standby").isEqualTo(Status.DOWN);

		this.scheduler.shutdown();
		assertThat(health.health(false).getStatus()).as("shut down").isEqualTo(Status.DOWN);
	}

	private static Scheduler scheduler() {
		Properties properties = new Properties();
		properties.setProperty("org.quartz.scheduler.instanceName", "quartz-health-test");
		properties.setProperty("org.quartz.threadPool.threadCount", "1");
		properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
		try {
			return new StdSchedulerFactory(properties).getScheduler();
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
