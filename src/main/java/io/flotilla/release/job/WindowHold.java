package io.flotilla.release.job;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import io.flotilla.calendar.Allowance;
import io.flotilla.calendar.Freezes;
import io.flotilla.calendar.OpenHours;
import io.flotilla.control.ReleaseState;
import io.flotilla.plan.Stage;
import io.flotilla.release.ReleaseEvent.WindowWaiting;
import io.flotilla.release.store.ReleaseEventLog;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.wave.WaveHold;
import io.flotilla.timer.ReleaseTimers;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Holds a release before a wave while its stage's windows are closed or a freeze covers
 * its plan: the release moves to WAITING_FOR_WINDOW with why in words, and a Quartz timer
 * restarts it when a window opens and no freeze holds it any more. A freeze with no
 * planned end sets no timer; its end restarts the releases it held. A release an admin
 * started with break-glass is held by its windows only.
 * <p>
 * Safe to repeat after a crash: the state change is a compare-and-set from an advancing
 * state, and the timer replaces the release's one timer; a restart asks again.
 */
class WindowHold implements WaveHold {

	private final ReleaseTable releases;

	private final ReleaseEventLog events;

	private final ReleaseTimers timers;

	private final Clock clock;

	private final Supplier<Freezes> freezes;

	private final String releaseId;

	private final Map<String, String> planSelector;

	private Boolean breakGlass;

	WindowHold(ReleaseTable releases, ReleaseEventLog events, ReleaseTimers timers, Clock clock,
			Supplier<Freezes> freezes, String releaseId, Map<String, String> planSelector) {
		this.releases = releases;
		this.events = events;
		this.timers = timers;
		this.clock = clock;
		this.freezes = freezes;
		this.releaseId = releaseId;
		this.planSelector = planSelector;
	}

	@Override
	public boolean holds(Stage stage) {
		OpenHours windows = stage.windows();
		Freezes freezes = breakGlass() ? Freezes.NONE : this.freezes.get();
		if (windows.isAlways() && freezes.freezes().isEmpty()) {
			return false;
		}
		Instant now = this.clock.instant();
		Allowance allowance = Allowance.whenAllowed(now, windows, freezes, this.planSelector);
		if (allowance.now()) {
			return false;
		}
		String why = "stage " + stage.name() + " waits: " + allowance.reason();
		if (this.releases.changeState(this.releaseId, ReleaseState.ADVANCING, ReleaseState.WAITING_FOR_WINDOW, why)) {
			allowance.at().ifPresent((at) -> this.timers.resumeAt(this.releaseId, why, at));
			if (allowance.at().isEmpty()) {
				askAgainAfterCommit(stage, why);
			}
			this.events.record(new WindowWaiting(this.releaseId, now, stage.name(), allowance.reason(),
					allowance.at().orElse(null)));
		}
		return true;
	}

	/**
	 * A freeze without a planned end sets no timer: its end restarts the releases then
	 * waiting. One whose hold commits after that end looked would wait for good, so once
	 * this hold has committed it asks the freezes again, and sets the timer if they have
	 * let go meanwhile.
	 */
	private void askAgainAfterCommit(Stage stage, String why) {
		Runnable askAgain = () -> Allowance
			.whenAllowed(this.clock.instant(), stage.windows(), this.freezes.get(), this.planSelector)
			.at()
			.ifPresent((at) -> this.timers.resumeAt(this.releaseId, why, at));
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			askAgain.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				askAgain.run();
			}

		});
	}

	// fixed at the start: read once per execution
	private boolean breakGlass() {
		if (this.breakGlass == null) {
			this.breakGlass = this.releases.isBreakGlass(this.releaseId);
		}
		return this.breakGlass;
	}

}
