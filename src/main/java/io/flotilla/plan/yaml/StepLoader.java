package io.flotilla.plan.yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.flotilla.plan.check.Check;
import io.flotilla.plan.yaml.PlanException.PlanError;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Loads the reusable check definitions of {@code steps/}: each file holds one, named by
 * the file, in the same fields as a check of a plan but without {@code name}. Every
 * problem is reported as {@link PlanLoader} reports a plan's, with file, line, column and
 * field. The definitions are handed to {@link PlanLoader#withSteps(Map)}.
 */
public final class StepLoader {

	/**
	 * Loads and validates one step.
	 * @param file the file name used in error messages and, without its directory and
	 * {@code .yaml}, as the step's name
	 * @param yaml the step's text
	 * @throws PlanException listing every problem found
	 */
	public Check load(String file, String yaml) {
		Problems problems = new Problems(file);
		Optional<Node> document = new PlanYaml(file).compose(yaml, problems);
		problems.throwIfAny();
		Optional<Check> check = PlanNode.root(document.get(), problems)
			.mapping(CheckBinder.DEFINITION_FIELDS)
			.flatMap((mapping) -> new CheckBinder(Map.of()).definition(mapping, PlanLoader.defaultName(file)));
		problems.throwIfAny();
		return check.get();
	}

	/**
	 * Reads and validates a step file, named in errors as given.
	 * @throws PlanException when the file cannot be read or the step has problems
	 */
	public Check load(Path file) {
		return load(file.toString(), PlanLoader.read(file));
	}

	/**
	 * Loads every {@code .yaml} and {@code .yml} file of a directory, in name order; none
	 * when it does not exist.
	 * @return the steps by name
	 * @throws PlanException listing the problems of every file that has some
	 */
	public Map<String, Check> loadDirectory(Path directory) {
		Map<String, Check> steps = new LinkedHashMap<>();
		readDirectory(directory).forEach((name, text) -> steps.put(name, load(name, text)));
		return steps;
	}

	/**
	 * The texts of a directory's steps by name, each validated as {@link #loadDirectory}
	 * does, for {@link PlanLoader#withStepsOf} to copy into a plan that names them.
	 * @throws PlanException listing the problems of every file that has some
	 */
	public Map<String, String> readDirectory(Path directory) {
		if (!Files.isDirectory(directory)) {
			return Map.of();
		}
		List<Path> files;
		try (Stream<Path> listed = Files.list(directory)) {
			files = listed.filter((file) -> file.getFileName().toString().matches(".*\\.ya?ml"))
				.filter(Files::isRegularFile)
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new PlanException(
					List.of(new PlanError(directory.toString(), 0, 0, "", "cannot be read: " + ex.getMessage())));
		}
		Map<String, String> steps = new LinkedHashMap<>();
		List<PlanError> errors = new ArrayList<>();
		for (Path file : files) {
			String name = PlanLoader.defaultName(file.toString());
			if (steps.containsKey(name)) {
				errors.add(new PlanError(file.toString(), 0, 0, "",
						"step '" + name + "' is defined twice, as .yaml and .yml"));
				continue;
			}
			try {
				String text = PlanLoader.read(file);
				load(file.toString(), text);
				steps.put(name, text);
			}
			catch (PlanException ex) {
				errors.addAll(ex.errors());
			}
		}
		if (!errors.isEmpty()) {
			throw new PlanException(errors);
		}
		return steps;
	}

}
