package io.flotilla.release;

/**
 * A request about a release that cannot be carried out; the message says why in words for
 * an operator.
 */
public class ReleaseException extends RuntimeException {

	private final Reason reason;

	public ReleaseException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why a request was refused, so the REST API and CLI can answer with the right status
	 * and exit code.
	 */
	public enum Reason {

		/** The plan or the request is invalid. */
		INVALID,
		/**
		 * The caller may not: their role is too low, or they are not among a gate's
		 * approvers.
		 */
		FORBIDDEN,
		/** No release has that id. */
		NOT_FOUND,
		/** The request does not fit the release's current state, or the id is taken. */
		CONFLICT,
		/**
		 * Something the request needs, such as a Kubernetes API, cannot be reached;
		 * trying again later may work.
		 */
		UNAVAILABLE

	}

}
