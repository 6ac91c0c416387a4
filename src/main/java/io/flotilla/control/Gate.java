package io.flotilla.control;

/**
 * What a release awaiting approval waits for; {@code continue} passes exactly this gate.
 */
public enum Gate {

	/** The approval of the release as a whole, before anything starts. */
	RELEASE,
	/** The approval of the current stage, before it starts. */
	STAGE,
	/** A look at the current stage's first wave. */
	FIRST_WAVE

}
