package io.flotilla.control;

/**
 * A signal that makes no sense in the release's current state; nothing was changed.
 */
public class SignalRefusedException extends RuntimeException {

	public SignalRefusedException(String message) {
		super(message);
	}

}
