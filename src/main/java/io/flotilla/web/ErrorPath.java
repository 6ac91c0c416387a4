package io.flotilla.web;

import java.net.URI;
import java.util.Locale;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page the servlet container forwards to, in place of Boot's: what no handler
 * answered (an exception no handler maps, an error the container or a filter sent)
 * becomes a problem document too, whatever the request accepts. Asked for directly, the
 * error page is not an endpoint, and says so.
 */
@RestController
class ErrorPath implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (code == null) {
			return answer(HttpStatus.NOT_FOUND, "no endpoint " + request.getMethod() + " " + request.getRequestURI(),
					request.getRequestURI());
		}
		HttpStatus status = HttpStatus.resolve((Integer) code);
		status = (status != null) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
		String uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		String message = (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
		String detail;
		if (failure != null) {
			detail = "the server failed to answer " + request.getMethod() + " " + uri + ": "
					+ NestedExceptionUtils.getMostSpecificCause(failure) + " (the server's log has the stack trace)";
		}
		else if (message != null && !message.isBlank()) {
			detail = message;
		}
		else {
			detail = status.getReasonPhrase().toLowerCase(Locale.ROOT);
		}
		return answer(status, detail, uri);
	}

	private static ResponseEntity<ProblemDetail> answer(HttpStatus status, String detail, String uri) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		if (uri != null) {
			problem.setInstance(URI.create(uri));
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
