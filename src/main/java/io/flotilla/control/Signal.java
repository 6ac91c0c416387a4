package io.flotilla.control;

import java.util.Locale;

/**
 * What an engineer can tell a release, with the same meaning from the CLI, the REST API
 * and Slack.
 */
public enum Signal {

	/** Let the clusters in flight finish, start no new one, and stop. */
	PAUSE,
	/** Restart a paused or failed release where it stopped. */
	RESUME,
	/** Pass an approval gate, or accept a failure budget breach and go on. */
	CONTINUE,
	/**
	 * Put a stage's failed clusters back to pending, zero its failure count, and go on.
	 */
	RESET,
	/** End the release for good; nothing further is patched. */
	CANCEL;

	/**
	 * The signal a user typed, in any case.
	 * @throws IllegalArgumentException naming the signals there are
	 */
	public static Signal parse(String text) {
		for (Signal signal : values()) {
			if (signal.name().equalsIgnoreCase(text.trim())) {
				return signal;
			}
		}
		throw new IllegalArgumentException(
				"unknown signal '" + text + "'; use pause, resume, continue, reset or cancel");
	}

	public String word() {
		return name().toLowerCase(Locale.ROOT);
	}

}
