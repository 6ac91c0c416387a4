package io.flotilla.plan.check;

import java.util.Optional;

/**
 * A request to a URL of the cluster that must answer with the expected status and body.
 *
 * @param name the check's name
 * @param url where the request goes, templated with the cluster's variables
 * @param status the status the answer must have, from 100 to 599
 * @param body text the answer's body must contain; empty for any body
 * @param onFailure what a failure does
 */
public record HttpCheck(String name, Template url, int status, Optional<String> body,
		CheckPolicy onFailure) implements Check {

	public static final int DEFAULT_STATUS = 200;

	public HttpCheck {
		if (status < 100 || status > 599) {
			throw new IllegalArgumentException("status must be from 100 to 599, not " + status);
		}
	}

	@Override
	public HttpCheck withOnFailure(CheckPolicy onFailure) {
		return new HttpCheck(this.name, this.url, this.status, this.body, onFailure);
	}

}
