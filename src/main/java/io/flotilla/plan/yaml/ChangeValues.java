package io.flotilla.plan.yaml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flotilla.plan.yaml.PlanNode.Entry;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns the {@code value} of a change into plain Java values (maps, lists, strings,
 * numbers, booleans) ready for a patch, with {@code ${version}} replaced by the target
 * version.
 */
final class ChangeValues {

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

	/**
	 * The tags of scalars that are not text. Anything else is text, including a plain
	 * {@code ${version}}, which the YAML resolver tags as an environment variable.
	 */
	private static final Set<Tag> TYPED = Set.of(Tag.NULL, Tag.BOOL, Tag.INT, Tag.FLOAT);

	private final PlanYaml yaml;

	private final String version;

	ChangeValues(PlanYaml yaml, String version) {
		this.yaml = yaml;
		this.version = version;
	}

	/**
	 * The value of a node; problems inside it are reported at the node where they occur.
	 */
	Object convert(PlanNode node) {
		return convert(node, Collections.newSetFromMap(new IdentityHashMap<>()));
	}

	private Object convert(PlanNode node, Set<Node> enclosing) {
		if (!enclosing.add(node.node())) {
			node.error("must not contain itself through an alias");
			return null;
		}
		try {
			if (node.node() instanceof ScalarNode scalar) {
				return scalar(node, scalar);
			}
			if (node.node() instanceof MappingNode) {
				Map<String, Object> map = new LinkedHashMap<>();
				for (Entry entry : node.entries().orElse(List.of())) {
					map.put(entry.name(), convert(entry.value(), enclosing));
				}
				return Collections.unmodifiableMap(map);
			}
			List<Object> list = new ArrayList<>();
			for (PlanNode item : node.items().orElse(List.of())) {
				list.add(convert(item, enclosing));
			}
			return Collections.unmodifiableList(list);
		}
		finally {
			enclosing.remove(node.node());
		}
	}

	private Object scalar(PlanNode node, ScalarNode scalar) {
		if (!TYPED.contains(scalar.getTag())) {
			return substitute(node, scalar.getValue());
		}
		try {
			return this.yaml.construct(scalar);
		}
		catch (YamlEngineException ex) {
			node.error("invalid value: " + ex.getMessage());
			return null;
		}
	}

	private String substitute(PlanNode node, String text) {
		Matcher matcher = VARIABLE.matcher(text);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			if (!matcher.group(1).equals("version")) {
				node.error("unknown variable '" + matcher.group() + "'; only ${version} is supported");
			}
			matcher.appendReplacement(result, Matcher.quoteReplacement(this.version));
		}
		matcher.appendTail(result);
		if (VARIABLE.matcher(text).replaceAll("").contains("${")) {
			node.error("unterminated '${' in '" + text + "'; write ${version}");
		}
		return result.toString();
	}

}
