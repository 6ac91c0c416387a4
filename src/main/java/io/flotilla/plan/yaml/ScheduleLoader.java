package io.flotilla.plan.yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

import io.flotilla.plan.Schedule;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Loads a schedule from YAML text and validates it completely, every problem with its
 * file, line, column and field, as {@link PlanLoader} does for plans. What a schedule
 * names outside itself, its plan and the user it runs as, is checked by the functions it
 * is given, so a server checks them against what it has and the CLI against what it can
 * see.
 */
public final class ScheduleLoader {

	private final Function<String, Optional<String>> planProblem;

	private final Function<String, Optional<String>> userProblem;

	/**
	 * @param planProblem what is wrong with a plan name, or empty when the plan exists
	 * @param userProblem what is wrong with a user to run as, or empty when the user may
	 * start releases
	 */
	public ScheduleLoader(Function<String, Optional<String>> planProblem,
			Function<String, Optional<String>> userProblem) {
		this.planProblem = planProblem;
		this.userProblem = userProblem;
	}

	/**
	 * The file of the plan a schedule names, in the plans directory: {@code <plan>.yaml},
	 * or {@code <plan>.yml} when only that one exists.
	 */
	public static Path planFile(Path plans, String plan) {
		Path yaml = plans.resolve(plan + ".yaml");
		Path yml = plans.resolve(plan + ".yml");
		return (!Files.isRegularFile(yaml) && Files.isRegularFile(yml)) ? yml : yaml;
	}

	/**
	 * What is wrong with a schedule's plan name: that the plans directory holds no file
	 * of that name; empty when it does.
	 */
	public static Optional<String> planMissing(Path plans, String plan) {
		if (Files.isRegularFile(planFile(plans, plan))) {
			return Optional.empty();
		}
		return Optional.of("unknown plan '" + plan + "': there is no " + plans.resolve(plan + ".yaml"));
	}

	/**
	 * Loads and validates a schedule.
	 * @param file the file name used in error messages and as the default schedule name
	 * @param yaml the schedule's text
	 * @throws PlanException listing every problem found
	 */
	public Schedule load(String file, String yaml) {
		Problems problems = new Problems(file);
		PlanYaml parser = new PlanYaml(file);
		Optional<Node> document = parser.compose(yaml, problems);
		problems.throwIfAny();
		return new ScheduleBinder(PlanLoader.defaultName(file), problems, this.planProblem, this.userProblem)
			.bind(document.get());
	}

}
