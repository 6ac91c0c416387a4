package io.flotilla.plan.yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.flotilla.plan.Plan;
import io.flotilla.plan.yaml.PlanException.PlanError;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Loads a plan from YAML text and validates it completely: every problem found is
 * reported, each with its file, line, column and field, and no plan is returned unless
 * there are none. The format is described in {@code docs/plans.md}.
 */
public final class PlanLoader {

	/**
	 * Loads and validates a plan.
	 * @param file the file name used in error messages and as the default plan name
	 * @param yaml the plan's text
	 * @throws PlanException listing every problem found
	 */
	public Plan load(String file, String yaml) {
		Problems problems = new Problems(file);
		PlanYaml parser = new PlanYaml(file);
		Optional<Node> document = parser.compose(yaml, problems);
		problems.throwIfAny();
		return new PlanBinder(defaultName(file), parser, problems).bind(document.get());
	}

	/**
	 * Reads and validates a plan file, named in errors as given.
	 * @throws PlanException when the file cannot be read or the plan has problems
	 */
	public Plan load(Path file) {
		String text;
		try {
			text = Files.readString(file);
		}
		catch (NoSuchFileException ex) {
			throw unreadable(file, "no such file");
		}
		catch (IOException ex) {
			throw unreadable(file, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		return load(file.toString(), text);
	}

	private static PlanException unreadable(Path file, String reason) {
		return new PlanException(List.of(new PlanError(file.toString(), 0, 0, "", "cannot read plan file: " + reason)));
	}

	private static String defaultName(String file) {
		String name = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
		return name.replaceFirst("\\.ya?ml$", "");
	}

}
