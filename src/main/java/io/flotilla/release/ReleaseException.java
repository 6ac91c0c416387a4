package io.flotilla.release;

import java.util.List;

import io.flotilla.plan.yaml.PlanException;
import io.flotilla.plan.yaml.PlanException.PlanError;

/**
 * A request about a release that cannot be carried out; the message says why in words for
 * an operator.
 */
public class ReleaseException extends RuntimeException {

	private final Reason reason;

	private final List<PlanError> planErrors;

	public ReleaseException(Reason reason, String message) {
		this(reason, message, List.of());
	}

	private ReleaseException(Reason reason, String message, List<PlanError> planErrors) {
		super(message);
		this.reason = reason;
		this.planErrors = planErrors;
	}

	/**
	 * An invalid plan, keeping each problem with its place so that a caller can show it
	 * beside the plan's text.
	 */
	public static ReleaseException invalidPlan(PlanException ex) {
		return new ReleaseException(Reason.INVALID, ex.getMessage(), ex.errors());
	}

	public Reason reason() {
		return this.reason;
	}

	/**
	 * The problems of an invalid plan, each with its line and column; empty for every
	 * other refusal.
	 */
	public List<PlanError> planErrors() {
		return this.planErrors;
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
