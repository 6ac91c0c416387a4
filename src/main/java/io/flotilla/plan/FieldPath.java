package io.flotilla.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A path to a field of a Kubernetes resource, such as
 * {@code spec.template.spec.containers[name=clickhouse].image}. List items are picked by
 * a key field, never by index, because the order of a list in a live resource is not
 * stable. A field name that contains dots is quoted:
 * {@code metadata.labels."app.kubernetes.io/version"}.
 */
public final class FieldPath {

	private final String text;

	private final List<Segment> segments;

	private FieldPath(String text, List<Segment> segments) {
		this.text = text;
		this.segments = List.copyOf(segments);
	}

	/**
	 * Parses a path.
	 * @throws IllegalArgumentException naming the offending character position (0-based)
	 */
	public static FieldPath parse(String text) {
		return new Parser(text).parse();
	}

	public List<Segment> segments() {
		return this.segments;
	}

	/**
	 * Reads the value at this path from a resource given as nested maps and lists.
	 */
	public Optional<Object> read(Map<String, Object> resource) {
		Object current = resource;
		for (Segment segment : this.segments) {
			current = segment.step(current);
			if (current == null) {
				return Optional.empty();
			}
		}
		return Optional.of(current);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof FieldPath path && path.text.equals(this.text);
	}

	@Override
	public int hashCode() {
		return this.text.hashCode();
	}

	@Override
	public String toString() {
		return this.text;
	}

	/**
	 * One field name, optionally followed by a list item selector {@code [key=value]}.
	 *
	 * @param field the field name
	 * @param itemKey the key field of the selected list item, or null
	 * @param itemValue the key's value of the selected list item, or null
	 */
	public record Segment(String field, String itemKey, String itemValue) {

		public boolean selectsItem() {
			return this.itemKey != null;
		}

		Object step(Object node) {
			if (!(node instanceof Map<?, ?> map)) {
				return null;
			}
			Object value = map.get(this.field);
			return selectsItem() ? findItem(value) : value;
		}

		private Object findItem(Object list) {
			if (!(list instanceof List<?> items)) {
				return null;
			}
			return items.stream()
				.filter((item) -> item instanceof Map<?, ?> map
						&& this.itemValue.equals(String.valueOf(map.get(this.itemKey))))
				.findFirst()
				.orElse(null);
		}

	}

	private static final class Parser {

		private final String text;

		private int position;

		Parser(String text) {
			this.text = (text != null) ? text : "";
		}

		FieldPath parse() {
			if (this.text.isBlank()) {
				throw new IllegalArgumentException("path is empty");
			}
			List<Segment> segments = new ArrayList<>();
			while (true) {
				segments.add(segment());
				if (this.position == this.text.length()) {
					return new FieldPath(this.text, segments);
				}
				expect('.');
			}
		}

		private Segment segment() {
			String field = (peek() == '"') ? quoted() : name("field name");
			if (peek() != '[') {
				return new Segment(field, null, null);
			}
			this.position++;
			String key = name("list item key");
			expect('=');
			String value = until(']');
			expect(']');
			return new Segment(field, key, value);
		}

		private String quoted() {
			this.position++;
			String field = until('"');
			expect('"');
			if (field.isEmpty()) {
				throw error("empty quoted field name");
			}
			return field;
		}

		private String name(String what) {
			int start = this.position;
			while (this.position < this.text.length() && isNameChar(this.text.charAt(this.position))) {
				this.position++;
			}
			if (start == this.position) {
				throw error("expected a " + what);
			}
			return this.text.substring(start, this.position);
		}

		private String until(char end) {
			int start = this.position;
			while (this.position < this.text.length() && this.text.charAt(this.position) != end) {
				this.position++;
			}
			if (start == this.position && end == ']') {
				throw error("expected a list item value");
			}
			return this.text.substring(start, this.position);
		}

		private void expect(char expected) {
			if (peek() != expected) {
				throw error("expected '" + expected + "'");
			}
			this.position++;
		}

		private char peek() {
			return (this.position < this.text.length()) ? this.text.charAt(this.position) : '\0';
		}

		private IllegalArgumentException error(String message) {
			String found = (this.position < this.text.length()) ? "'" + this.text.charAt(this.position) + "'"
					: "end of path";
			return new IllegalArgumentException(
					message + " at character " + (this.position + 1) + " of '" + this.text + "' but found " + found);
		}

		private static boolean isNameChar(char c) {
			return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '/';
		}

	}

}
