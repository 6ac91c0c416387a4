package io.flotilla.security;

import io.flotilla.account.AccountException;
import io.flotilla.account.AccountProperties;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Refused requests about users, tokens and logins as problem documents, with the status
 * their reason means; a login refused for too many failures says when to try again.
 */
@RestControllerAdvice
class AccountRefusals {

	private final long retryAfterSeconds;

	AccountRefusals(AccountProperties properties) {
		this.retryAfterSeconds = properties.loginWindow().toSeconds();
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> refused(AccountException ex) {
		HttpStatus status = switch (ex.reason()) {
			case INVALID -> HttpStatus.BAD_REQUEST;
			case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
			case TOO_MANY_ATTEMPTS -> HttpStatus.TOO_MANY_REQUESTS;
		};
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
		if (status == HttpStatus.TOO_MANY_REQUESTS) {
			answer.header(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
		}
		return answer.body(ProblemDetail.forStatusAndDetail(status, ex.getMessage()));
	}

}
