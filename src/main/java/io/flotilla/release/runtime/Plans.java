package io.flotilla.release.runtime;

import java.nio.file.Path;
import java.util.Set;

import io.flotilla.plan.Plan;
import io.flotilla.plan.yaml.PlanException;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.plan.yaml.StepLoader;
import io.flotilla.release.ReleaseException;

/**
 * Reads a release's plan snapshot, with an invalid plan as the caller's mistake.
 */
final class Plans {

	private static final PlanLoader loader = new PlanLoader();

	private Plans() {
	}

	static Plan load(String planFile, String planText) {
		return load(loader, planFile, planText);
	}

	/**
	 * Loads a plan about to start, whose approver groups must be ones that exist; once
	 * started, its snapshot is read again as it was accepted, whatever groups exist then.
	 */
	static Plan load(String planFile, String planText, Set<String> knownGroups) {
		return load(PlanLoader.checkingGroups(knownGroups), planFile, planText);
	}

	/**
	 * The plan's text with the steps it names copied in from a directory, as a release
	 * stores it.
	 */
	static String withSteps(String planFile, String planText, Path steps) {
		try {
			return PlanLoader.withStepsOf(planFile, planText, new StepLoader().readDirectory(steps));
		}
		catch (PlanException ex) {
			throw ReleaseException.invalidPlan(ex);
		}
	}

	private static Plan load(PlanLoader planLoader, String planFile, String planText) {
		try {
			return planLoader.load(planFile, planText);
		}
		catch (PlanException ex) {
			throw ReleaseException.invalidPlan(ex);
		}
	}

}
