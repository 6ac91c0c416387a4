package io.flotilla.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a release does with clusters another active release holds when it starts: no
 * cluster is ever worked on by two releases at once, so the plan chooses between not
 * starting, leaving those clusters out, and waiting for them.
 */
public enum OnConflict {

	/** The release is not started; the refusal names the clusters and who holds them. */
	REFUSE,

	/** The release starts without them; each is recorded skipped with its holder. */
	SKIP,

	/**
	 * The release starts; a stage begins once it holds every cluster of its own, taking
	 * each as its holder lets it go.
	 */
	WAIT;

	public static Optional<OnConflict> named(String name) {
		return Arrays.stream(values()).filter((mode) -> mode.word().equals(name.toLowerCase(Locale.ROOT))).findFirst();
	}

	public static List<String> words() {
		return Arrays.stream(values()).map(OnConflict::word).toList();
	}

	public String word() {
		return name().toLowerCase(Locale.ROOT);
	}

}
