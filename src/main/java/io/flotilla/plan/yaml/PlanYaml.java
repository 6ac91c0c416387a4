package io.flotilla.plan.yaml;

import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The YAML parser. Plans are composed to snakeyaml-engine nodes rather than bound to
 * objects because only nodes still know the line and column each value came from, and
 * only scalar nodes still hold the text as written ({@code 25.3} stays {@code "25.3"}).
 */
final class PlanYaml {

	/**
	 * Aliases of lists and maps a plan may hold, snakeyaml-engine's default: a few lines
	 * that alias each other ten times over would otherwise expand to billions of values.
	 */
	private static final int MAX_ALIASES = 50;

	private final LoadSettings settings;

	PlanYaml(String file) {
		// non-scalar keys are let through: the binder reports them with their place
		this.settings = LoadSettings.builder()
			.setLabel(file)
			.setSchema(new CoreSchema())
			.setAllowNonScalarKeys(true)
			.setMaxAliasesForCollections(MAX_ALIASES)
			.build();
	}

	/**
	 * Composes the single document of a plan, or reports why it cannot be read.
	 */
	Optional<Node> compose(String text, Problems problems) {
		try {
			Optional<Node> root = new Compose(this.settings).composeString(text);
			if (root.isEmpty()) {
				problems.add(1, 1, "", "plan is empty");
			}
			return root;
		}
		catch (MarkedYamlEngineException ex) {
			problems.add(ex.getProblemMark().or(ex::getContextMark), "", "invalid YAML: " + describe(ex));
		}
		catch (YamlEngineException ex) {
			problems.add(0, 0, "", "invalid YAML: " + describeUnplaced(ex));
		}
		return Optional.empty();
	}

	/**
	 * The Java value of a scalar by its resolved YAML tag: a number, boolean, null or
	 * string.
	 * @throws YamlEngineException when an explicit tag does not fit the text
	 */
	Object construct(ScalarNode scalar) {
		return new StandardConstructor(this.settings).constructSingleDocument(Optional.of(scalar));
	}

	/**
	 * An error snakeyaml-engine reports without a place, in words: it says only "Number
	 * of aliases for non-scalar nodes exceeds the specified max=50" of an alias bomb.
	 */
	private static String describeUnplaced(YamlEngineException ex) {
		if (ex.getMessage().startsWith("Number of aliases for non-scalar nodes exceeds")) {
			return "more than " + MAX_ALIASES + " aliases (*name) of lists or maps: a plan may have at most "
					+ MAX_ALIASES + ", so that a small file cannot expand to an enormous one";
		}
		return ex.getMessage();
	}

	private static String describe(MarkedYamlEngineException ex) {
		String context = ex.getContext();
		return (context != null && !context.isBlank()) ? ex.getProblem() + " (" + context + ")" : ex.getProblem();
	}

}
