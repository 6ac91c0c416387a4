package io.flotilla.control;

/**
 * A change of state that the transition table does not allow was asked for: a bug in the
 * code that asked, never an engineer's mistake (a refused signal is a
 * {@link SignalRefusedException}). Nothing was changed.
 */
public class IllegalTransitionException extends IllegalStateException {

	IllegalTransitionException(String subject, String id, Enum<?> from, Enum<?> to) {
		super("illegal state change of " + subject + " " + id + ": " + from + " -> " + to
				+ " is not in its transition table");
	}

}
