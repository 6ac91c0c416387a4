package io.flotilla.plan.check;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a release does when a check of a cluster fails: the plan's choice, because only
 * its author knows whether a failed check means a broken upgrade.
 */
public enum CheckPolicy {

	/** The release pauses for a person to look; the default. */
	PAUSE,

	/** The cluster fails and counts against its stage's failure budget. */
	FAIL,

	/** The failure is recorded and the release goes on. */
	RECORD;

	public static Optional<CheckPolicy> named(String name) {
		return Arrays.stream(values()).filter((policy) -> policy.word().equals(name)).findFirst();
	}

	public static List<String> words() {
		return Arrays.stream(values()).map(CheckPolicy::word).toList();
	}

	public String word() {
		return name().toLowerCase(Locale.ROOT);
	}

}
