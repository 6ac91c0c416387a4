package io.flotilla.fleet;

/**
 * The plan's changes do not fit the live resource, for example a list item picked by key
 * is missing. Retrying cannot help; the cluster fails with this message as its reason.
 */
class UnpatchableException extends RuntimeException {

	UnpatchableException(String message) {
		super(message);
	}

}
