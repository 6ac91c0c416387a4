package io.flotilla.web;

import io.flotilla.release.ReleaseException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns a refused request into a problem document with the status its reason means, the
 * same for every controller. An invalid plan's document also lists its problems under
 * {@code errors}, each with its line, column and field, for an editor to mark.
 */
@RestControllerAdvice
class Refusals {

	@ExceptionHandler
	ProblemDetail refused(ReleaseException ex) {
		HttpStatus status = switch (ex.reason()) {
			case INVALID -> HttpStatus.BAD_REQUEST;
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
			case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		if (!ex.planErrors().isEmpty()) {
			problem.setProperty("errors", ex.planErrors());
		}
		return problem;
	}

}
