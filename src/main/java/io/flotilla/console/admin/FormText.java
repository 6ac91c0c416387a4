package io.flotilla.console.admin;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the console's forms send as text: an empty field means "none", and a list is typed
 * comma separated.
 */
final class FormText {

	private FormText() {
	}

	static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	static Set<String> commaSeparated(String text) {
		return Arrays.stream(text.split(","))
			.map(String::strip)
			.filter((item) -> !item.isEmpty())
			.collect(Collectors.toSet());
	}

}
