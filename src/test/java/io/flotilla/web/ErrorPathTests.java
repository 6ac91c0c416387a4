package io.flotilla.web;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error page for what reaches it without a handler's answer, such as an exception no
 * handler maps, which a test of the running server has no way to provoke.
 */
class ErrorPathTests {

	private final ErrorPath errors = new ErrorPath();

	@Test
	void anExceptionNoHandlerMapsIsAProblemDocumentNamingItsCause() {
		// given
		MockHttpServletRequest request = forwarded("POST", "/api/releases", 500);
		request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("wrapped",
				new DataIntegrityViolationException("value too long for type character varying(200)")));

		// when
		ResponseEntity<ProblemDetail> answer = this.errors.error(request);

		// then
		assertThat(answer.getStatusCode().value()).isEqualTo(500);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getBody().getDetail()).isEqualTo("the server failed to answer POST /api/releases: "
				+ "org.springframework.dao.DataIntegrityViolationException: value too long for type character "
				+ "varying(200) (the server's log has the stack trace)");
		assertThat(answer.getBody().getInstance()).hasToString("/api/releases");
	}

	@Test
	void anErrorSentWithAMessageSaysTheMessage() {
		// given
		MockHttpServletRequest request = forwarded("GET", "/api/releases", 421);
		request.setAttribute(RequestDispatcher.ERROR_MESSAGE, "this server does not answer to host 'x'");

		// when
		ResponseEntity<ProblemDetail> answer = this.errors.error(request);

		// then
		assertThat(answer.getStatusCode().value()).isEqualTo(421);
		assertThat(answer.getBody().getDetail()).isEqualTo("this server does not answer to host 'x'");
	}

	@Test
	void anErrorSentWithoutAMessageSaysItsStatus() {
		// given
		MockHttpServletRequest request = forwarded("GET", "/api/releases", 503);

		// when
		ResponseEntity<ProblemDetail> answer = this.errors.error(request);

		// then
		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(answer.getBody().getDetail()).isEqualTo("service unavailable");
	}

	private static MockHttpServletRequest forwarded(String method, String uri, int status) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, uri);
		return request;
	}

}
