package io.flotilla.plan.yaml;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the name an author probably meant, so that a typo is answered with the fix.
 */
final class Suggestions {

	private Suggestions() {
	}

	static Optional<String> closest(String given, Collection<String> candidates) {
		int tolerance = Math.min(2, given.length() / 3);
		return candidates.stream()
			.filter((candidate) -> distance(given, candidate) <= tolerance)
			.min(Comparator.comparingInt((candidate) -> distance(given, candidate)));
	}

	static String unknown(String what, String given, Collection<String> candidates) {
		String message = "unknown " + what + " '" + given + "'";
		return closest(given, candidates).map((name) -> message + "; did you mean '" + name + "'?")
			.orElseGet(() -> message + "; expected one of: " + String.join(", ", candidates));
	}

	/**
	 * Levenshtein distance, ignoring case because a wrongly capitalised name is the most
	 * common slip.
	 */
	static int distance(String first, String second) {
		String a = first.toLowerCase(Locale.ROOT);
		String b = second.toLowerCase(Locale.ROOT);
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
