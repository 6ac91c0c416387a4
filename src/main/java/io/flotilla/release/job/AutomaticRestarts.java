package io.flotilla.release.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.flotilla.control.ReleaseState;
import io.flotilla.plan.RestartPolicy;
import io.flotilla.plan.yaml.PlanException;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.release.EventRecord;
import io.flotilla.release.ReleaseEvent.RestartScheduled;
import io.flotilla.release.ReleaseEvent.RestartsExhausted;
import io.flotilla.release.ReleaseEvent.SignalApplied;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseRecord;
import io.flotilla.timer.ReleaseTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan's {@code restart} policy for an execution that failed because a step threw: a
 * timer restarts the release after a backoff that doubles up to its maximum, until the
 * policy's attempts are used. They are counted since a person last told the release to go
 * on, so a release resumed by hand gets its attempts again. A budget breach, a gate or a
 * signal stops an execution rather than failing it, and a database outage is the
 * watchdog's: none of those comes here.
 * <p>
 * Safe to repeat after a crash: the timer replaces the release's restart timer, and the
 * count comes from the recorded events.
 */
class AutomaticRestarts {

	private static final Logger logger = LoggerFactory.getLogger(AutomaticRestarts.class);

	private final ReleaseEventLog events;

	private final ReleaseTimers timers;

	private final Clock clock;

	AutomaticRestarts(ReleaseEventLog events, ReleaseTimers timers, Clock clock) {
		this.events = events;
		this.timers = timers;
		this.clock = clock;
	}

	/**
	 * Sets the next automatic restart of a release that has just failed, or says that
	 * none is left.
	 */
	void afterFailure(ReleaseRecord release, String failure) {
		RestartPolicy policy = policy(release);
		if (policy.maxAttempts() == 0) {
			return;
		}
		Instant now = this.clock.instant();
		int done = restartsSinceLastGoOn(release.id());
		if (done >= policy.maxAttempts()) {
			this.events.record(new RestartsExhausted(release.id(), now, done, failure));
			return;
		}
		int attempt = done + 1;
		Duration after = policy.delayBefore(attempt);
		RestartScheduled restart = new RestartScheduled(release.id(), now, attempt, policy.maxAttempts(), after,
				failure);
		this.timers.restartAt(release.id(), restart.describe(), now.plus(after));
		this.events.record(restart);
	}

	private int restartsSinceLastGoOn(String releaseId) {
		List<EventRecord> log = this.events.events(releaseId);
		int restarts = 0;
		for (int i = log.size() - 1; i >= 0; i--) {
			EventRecord event = log.get(i);
			if (SignalApplied.KIND.equals(event.kind()) && event.after() == ReleaseState.RUNNING) {
				break;
			}
			if (RestartScheduled.KIND.equals(event.kind())) {
				restarts++;
			}
		}
		return restarts;
	}

	/**
	 * The policy of the plan the release started with; a plan that no longer loads (the
	 * loader changed since) has none, and its release waits for a person.
	 */
	private static RestartPolicy policy(ReleaseRecord release) {
		try {
			return new PlanLoader().load(release.planFile(), release.planText()).restart();
		}
		catch (PlanException ex) {
			logger.warn("release={} has no restart policy: its plan no longer loads: {}", release.id(),
					ex.getMessage());
			return RestartPolicy.NONE;
		}
	}

}
