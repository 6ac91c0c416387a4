package io.flotilla.timer;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Quartz wakes its scheduler thread as soon as a trigger is stored, but a trigger stored
 * in the caller's transaction is not visible to that thread until the commit; without a
 * second wake-up the trigger would fire only when the misfire handler finds it overdue.
 * Storing the same trigger again after the commit wakes it.
 */
public final class QuartzWakeUp {

	private static final Logger logger = LoggerFactory.getLogger(QuartzWakeUp.class);

	private QuartzWakeUp() {
	}

	/**
	 * Wakes the scheduler thread for the trigger once the caller's transaction commits,
	 * or does nothing outside a transaction, where the store has woken it already.
	 */
	public static void afterCommit(Scheduler scheduler, Trigger trigger) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				try {
					scheduler.rescheduleJob(trigger.getKey(), trigger);
				}
				catch (SchedulerException ex) {
					logger.warn("Trigger {} is stored but Quartz was not woken for it; it fires when found overdue: {}",
							trigger.getKey(), ex.getMessage());
				}
			}

		});
	}

}
