package io.flotilla.console.admin;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import io.flotilla.control.Signal;

/**
 * Spring Batch Admin's three buttons, each the release signal that does what the button
 * promised. Calling the JobOperator directly would leave the release's state behind its
 * job; a signal goes through the release's transition table and audit log instead.
 */
enum BatchAction {

	STOP(Signal.PAUSE, null), RESTART(Signal.RESUME, null),
	ABANDON(Signal.CANCEL, "Abandon cancels the release for good: nothing further is patched. Go on?");

	private final Signal signal;

	private final String confirmation;

	BatchAction(Signal signal, String confirmation) {
		this.signal = signal;
		this.confirmation = confirmation;
	}

	Signal signal() {
		return this.signal;
	}

	/**
	 * What to ask before sending it, or null when it can be undone.
	 */
	public String confirmation() {
		return this.confirmation;
	}

	/**
	 * How it is named in its URL.
	 */
	public String word() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * How it is named on its button: the Batch word with what it means for the release.
	 */
	public String label() {
		String word = name().charAt(0) + word().substring(1);
		return word + " (" + this.signal.word() + ")";
	}

	/**
	 * The action its URL names, if any.
	 */
	static Optional<BatchAction> named(String word) {
		return Arrays.stream(values()).filter((action) -> action.word().equals(word)).findFirst();
	}

}
