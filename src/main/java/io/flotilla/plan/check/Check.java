package io.flotilla.plan.check;

/**
 * A health check that watches a cluster after its upgrade. A check in hand has passed
 * validation: its templates name only known variables, its pattern compiles, its
 * thresholds are numbers. Checks are read and validated but not run yet.
 */
public sealed interface Check permits PrometheusCheck, PodHealthCheck, LogPatternCheck, HttpCheck {

	/**
	 * The check's name, unique among the checks of a stage; a step's is its file name.
	 */
	String name();

	/**
	 * What a release does when the check fails.
	 */
	CheckPolicy onFailure();

	/**
	 * This check with another {@link #onFailure()}, for a plan that names a step and
	 * decides itself what its failure does.
	 */
	Check withOnFailure(CheckPolicy onFailure);

}
