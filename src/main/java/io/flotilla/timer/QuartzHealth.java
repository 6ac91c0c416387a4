package io.flotilla.timer;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness of the timers: a server whose scheduler is not running would never end a bake
 * or look again for held clusters, so it must not count as ready. Boot has no health
 * indicator for Quartz of its own; this one is named {@code quartz}.
 */
@Component("quartz")
class QuartzHealth extends AbstractHealthIndicator {

	private final Scheduler scheduler;

	QuartzHealth(Scheduler scheduler) {
		super("Quartz scheduler health check failed");
		this.scheduler = scheduler;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws SchedulerException {
		boolean running = this.scheduler.isStarted() && !this.scheduler.isInStandbyMode()
				&& !this.scheduler.isShutdown();
		(running ? builder.up() : builder.down()).withDetail("scheduler", this.scheduler.getSchedulerName());
	}

}
