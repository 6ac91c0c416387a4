package io.flotilla.release.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;

/**
 * Conversions between the tables' columns and Java values, shared by the tables.
 */
final class Columns {

	private Columns() {
	}

	static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * The text as a literal inside a {@code LIKE ... ESCAPE '\\'} pattern: its wildcards
	 * match only themselves.
	 */
	static String likeLiteral(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	/**
	 * The names of a set of states, as the array parameter of {@code state = ANY (?)}.
	 */
	static String[] names(Set<? extends Enum<?>> states) {
		return states.stream().map(Enum::name).toArray(String[]::new);
	}

}
