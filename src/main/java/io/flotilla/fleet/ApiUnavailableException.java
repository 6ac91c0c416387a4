package io.flotilla.fleet;

/**
 * The Kubernetes API kept failing transiently until the attempts ran out.
 */
class ApiUnavailableException extends RuntimeException {

	ApiUnavailableException(String message) {
		super(message);
	}

}
