package io.flotilla.fleet;

/**
 * The fleet could not be listed, for example because a Kubernetes API stayed unavailable.
 */
public class FleetException extends RuntimeException {

	FleetException(String message, Throwable cause) {
		super(message, cause);
	}

}
