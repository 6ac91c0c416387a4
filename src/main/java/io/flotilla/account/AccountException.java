package io.flotilla.account;

/**
 * A request about users, tokens or a login that cannot be carried out; the message says
 * why in words for an operator and never tells a stranger which user names exist.
 */
public class AccountException extends RuntimeException {

	private final Reason reason;

	public AccountException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why a request was refused, so the REST API and CLI answer with the right status.
	 */
	public enum Reason {

		/** The request is malformed: a bad name, role, lifetime or password. */
		INVALID,
		/** The credentials are wrong, or the user disabled. */
		UNAUTHENTICATED,
		/** The caller may not do this. */
		FORBIDDEN,
		/** No such user or token. */
		NOT_FOUND,
		/** The user exists already. */
		CONFLICT,
		/** Too many failed logins for this user from this address: try again later. */
		TOO_MANY_ATTEMPTS

	}

}
