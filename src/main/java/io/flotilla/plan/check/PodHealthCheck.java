package io.flotilla.plan.check;

/**
 * Every pod of the cluster Ready, and restarted no more than allowed since the patch.
 *
 * @param name the check's name
 * @param maxRestarts restarts of the cluster's pods since the patch that still pass, 0 or
 * more
 * @param onFailure what a failure does
 */
public record PodHealthCheck(String name, int maxRestarts, CheckPolicy onFailure) implements Check {

	public PodHealthCheck {
		if (maxRestarts < 0) {
			throw new IllegalArgumentException("maxRestarts must be at least 0, not " + maxRestarts);
		}
	}

	@Override
	public PodHealthCheck withOnFailure(CheckPolicy onFailure) {
		return new PodHealthCheck(this.name, this.maxRestarts, onFailure);
	}

}
