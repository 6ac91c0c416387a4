package io.flotilla.plan.yaml;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.flotilla.plan.Durations;
import io.flotilla.plan.FieldPath;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML node together with its field path in the plan. Each conversion either returns
 * the value or reports, at this node, why there is none; an empty result therefore always
 * comes with a reported problem.
 */
final class PlanNode {

	private static final Pattern WHOLE_NUMBER = Pattern.compile("[-+]?\\d+");

	// the booleans of the YAML 1.2 core schema that PlanYaml parses with
	private static final Pattern TRUE = Pattern.compile("true|True|TRUE");

	private static final Pattern FALSE = Pattern.compile("false|False|FALSE");

	private static final Pattern PLAIN_FIELD = Pattern.compile("[A-Za-z0-9_/-]+");

	private final Node node;

	private final String field;

	private final Problems problems;

	private PlanNode(Node node, String field, Problems problems) {
		this.node = node;
		this.field = field;
		this.problems = problems;
	}

	static PlanNode root(Node node, Problems problems) {
		return new PlanNode(node, "", problems);
	}

	Node node() {
		return this.node;
	}

	String field() {
		return this.field;
	}

	Problems problems() {
		return this.problems;
	}

	void error(String message) {
		this.problems.add(this.node, this.field, message);
	}

	/**
	 * Reports a problem at a character of this single value's text, where the place can
	 * be told from the value (a plain or quoted scalar on one line, without escapes or
	 * doubled quotes), else at the value.
	 * @param offset the character's index in the value, from 0
	 */
	void errorAt(int offset, String message) {
		if (this.node instanceof ScalarNode scalar && scalar.getStartMark().isPresent()
				&& scalar.getEndMark().isPresent()
				&& scalar.getStartMark().get().getLine() == scalar.getEndMark().get().getLine()) {
			int written = scalar.getEndMark().get().getColumn() - scalar.getStartMark().get().getColumn();
			int length = scalar.getValue().length();
			// the text as written is the value itself, or the value between two quotes
			int quote = switch (scalar.getScalarStyle()) {
				case PLAIN -> (written == length) ? 0 : -1;
				case SINGLE_QUOTED, DOUBLE_QUOTED -> (written == length + 2) ? 1 : -1;
				default -> -1;
			};
			if (quote >= 0) {
				Mark start = scalar.getStartMark().get();
				this.problems.add(start.getLine() + 1, start.getColumn() + 1 + quote + offset, this.field, message);
				return;
			}
		}
		error(message);
	}

	/**
	 * A number written as one: an integer or a decimal, not a quoted text, and finite.
	 */
	Optional<Double> number() {
		return scalar().flatMap((text) -> {
			boolean numeric = Tag.INT.equals(this.node.getTag()) || Tag.FLOAT.equals(this.node.getTag());
			double value = numeric ? parseNumber(text) : Double.NaN;
			if (Double.isNaN(value) || Double.isInfinite(value)) {
				error("must be a number, such as 10 or 0.5, not "
						+ (numeric ? "'" + text + "'" : "the text '" + text + "'"));
				return Optional.empty();
			}
			return Optional.of(value);
		});
	}

	private static double parseNumber(String text) {
		try {
			return Double.parseDouble(text.replace("_", ""));
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	/**
	 * A node of a map field; names that a path could not read back unquoted (label keys
	 * with dots) are quoted as in {@link FieldPath}.
	 */
	PlanNode child(Node child, String name) {
		String segment = PLAIN_FIELD.matcher(name).matches() ? name : "\"" + name + "\"";
		return new PlanNode(child, this.field.isEmpty() ? segment : this.field + "." + segment, this.problems);
	}

	PlanNode item(Node item, int index) {
		return new PlanNode(item, this.field + "[" + index + "]", this.problems);
	}

	boolean isNull() {
		return this.node instanceof ScalarNode && Tag.NULL.equals(this.node.getTag());
	}

	Optional<String> scalar() {
		if (this.node instanceof ScalarNode scalar) {
			return Optional.of(scalar.getValue());
		}
		error("must be a single value, not " + kind());
		return Optional.empty();
	}

	Optional<String> text() {
		Optional<String> scalar = scalar();
		if (scalar.isPresent() && scalar.get().isBlank()) {
			error("must not be empty");
			return Optional.empty();
		}
		return scalar;
	}

	Optional<Integer> integer(int min) {
		return scalar().flatMap((text) -> {
			if (!WHOLE_NUMBER.matcher(text).matches()) {
				error("must be a whole number, not '" + text + "'");
				return Optional.empty();
			}
			BigInteger value = new BigInteger(text);
			if (value.compareTo(BigInteger.valueOf(min)) < 0) {
				error("must be at least " + min + ", not " + value);
				return Optional.empty();
			}
			if (value.bitLength() >= Integer.SIZE) {
				error("must be at most " + Integer.MAX_VALUE + ", not " + value);
				return Optional.empty();
			}
			return Optional.of(value.intValue());
		});
	}

	Optional<Boolean> bool() {
		return scalar().flatMap((text) -> {
			if (TRUE.matcher(text).matches()) {
				return Optional.of(true);
			}
			if (FALSE.matcher(text).matches()) {
				return Optional.of(false);
			}
			error("must be true or false, not '" + text + "'");
			return Optional.empty();
		});
	}

	Optional<Duration> duration() {
		return scalar().flatMap((text) -> {
			try {
				return Optional.of(Durations.parse(text));
			}
			catch (IllegalArgumentException ex) {
				error(ex.getMessage());
				return Optional.empty();
			}
		});
	}

	Optional<FieldPath> fieldPath() {
		return text().flatMap((text) -> {
			try {
				return Optional.of(FieldPath.parse(text));
			}
			catch (IllegalArgumentException ex) {
				error("invalid path: " + ex.getMessage());
				return Optional.empty();
			}
		});
	}

	/**
	 * The entries of a map, each key a single value and present once.
	 */
	Optional<List<Entry>> entries() {
		if (!(this.node instanceof MappingNode mapping)) {
			error("must be a map, not " + kind());
			return Optional.empty();
		}
		Map<String, Entry> entries = new LinkedHashMap<>();
		for (NodeTuple tuple : mapping.getValue()) {
			PlanNode key = new PlanNode(tuple.getKeyNode(), this.field, this.problems);
			if (!(tuple.getKeyNode() instanceof ScalarNode name)) {
				key.error("a field name must be a single value, not " + key.kind());
				continue;
			}
			Entry entry = new Entry(name.getValue(), child(tuple.getKeyNode(), name.getValue()),
					child(tuple.getValueNode(), name.getValue()));
			if (entries.putIfAbsent(name.getValue(), entry) != null) {
				entry.key().error("duplicate field '" + name.getValue() + "'");
			}
		}
		return Optional.of(List.copyOf(entries.values()));
	}

	/**
	 * This node as a map that may hold only the given fields; unknown ones are reported
	 * and left out.
	 */
	Optional<PlanMapping> mapping(Collection<String> fields) {
		return entries().map((entries) -> {
			Map<String, Entry> known = new LinkedHashMap<>();
			for (Entry entry : entries) {
				if (fields.contains(entry.name())) {
					known.put(entry.name(), entry);
				}
				else {
					entry.key().error(Suggestions.unknown("field", entry.name(), fields));
				}
			}
			return new PlanMapping(this, known);
		});
	}

	Optional<List<PlanNode>> items() {
		if (!(this.node instanceof SequenceNode sequence)) {
			error("must be a list, not " + kind());
			return Optional.empty();
		}
		List<PlanNode> items = new ArrayList<>();
		for (Node item : sequence.getValue()) {
			items.add(item(item, items.size()));
		}
		return Optional.of(items);
	}

	Optional<List<PlanNode>> nonEmptyItems() {
		return items().filter((items) -> {
			if (items.isEmpty()) {
				error("must not be empty");
			}
			return !items.isEmpty();
		});
	}

	/**
	 * A non-empty list of non-blank texts.
	 */
	Optional<List<String>> texts() {
		return nonEmptyItems().flatMap((items) -> {
			List<String> texts = new ArrayList<>();
			items.forEach((item) -> item.text().ifPresent(texts::add));
			return (texts.size() == items.size()) ? Optional.of(texts) : Optional.empty();
		});
	}

	/**
	 * A map of Kubernetes labels, keys non-blank.
	 */
	Optional<Map<String, String>> labels() {
		return entries().flatMap((entries) -> {
			Map<String, String> labels = new LinkedHashMap<>();
			for (Entry entry : entries) {
				if (entry.name().isBlank()) {
					entry.key().error("label name must not be empty");
				}
				else {
					entry.value().scalar().ifPresent((value) -> labels.put(entry.name(), value));
				}
			}
			return (labels.size() == entries.size()) ? Optional.of(labels) : Optional.empty();
		});
	}

	/**
	 * What this node is, in words: a map, a list or a single value.
	 */
	String kind() {
		if (this.node instanceof MappingNode) {
			return "a map";
		}
		return (this.node instanceof SequenceNode) ? "a list" : "a single value";
	}

	/**
	 * One field of a map: its name, and the nodes of its key and of its value.
	 */
	record Entry(String name, PlanNode key, PlanNode value) {

	}

}
