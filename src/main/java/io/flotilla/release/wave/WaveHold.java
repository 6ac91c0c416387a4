package io.flotilla.release.wave;

import io.flotilla.plan.Stage;

/**
 * What may hold a release before its next wave though nobody asked it to stop: a stage's
 * deployment windows, a freeze. Asked before each new wave of each group; clusters a dead
 * execution changed are recorded first whatever it says.
 */
@FunctionalInterface
public interface WaveHold {

	/** Nothing holds the release: a plan without windows under no freeze. */
	WaveHold NONE = (stage) -> false;

	/**
	 * Whether the release must wait before the stage's next wave. When it must, the hold
	 * has recorded why and set what will restart it: the step then stops after the
	 * clusters in flight, as for a pause.
	 */
	boolean holds(Stage stage);

}
