package io.flotilla.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The host's error report, for the errors Tomcat answers before any application code
 * runs, such as a URI it cannot decode ({@code %00}, {@code %zz}) or a request line it
 * cannot parse, which has no URI at all: a problem document instead of Tomcat's HTML
 * page. Errors that reach the application are answered by {@link ErrorPath}, and then
 * this valve finds the response written and leaves it alone.
 */
class ProblemReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String reason = (known != null) ? known.getReasonPhrase() : "Error";
		String message = response.getMessage();
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", reason);
		problem.put("status", status);
		String uri = request.getRequestURI();
		String reached = (uri != null) ? " to " + uri : "";
		String why = (message != null && !message.isBlank()) ? message
				: "its request line or headers are malformed or too large";
		problem.put("detail", "the server could not read the request" + reached + ": " + why);
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.getOutputStream().write(JsonMapper.shared().writeValueAsBytes(problem));
			response.finishResponse();
		}
		catch (IOException ex) {
			// the client has gone; there is nobody to tell
		}
	}

}
