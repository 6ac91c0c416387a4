package io.flotilla.release.runtime;

import io.flotilla.plan.Plan;
import io.flotilla.plan.yaml.PlanException;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseException.Reason;

/**
 * Reads a release's plan snapshot, with an invalid plan as the caller's mistake.
 */
final class Plans {

	private static final PlanLoader loader = new PlanLoader();

	private Plans() {
	}

	static Plan load(String planFile, String planText) {
		try {
			return loader.load(planFile, planText);
		}
		catch (PlanException ex) {
			throw new ReleaseException(Reason.INVALID, ex.getMessage());
		}
	}

}
