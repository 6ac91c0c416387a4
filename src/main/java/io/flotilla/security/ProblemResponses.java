package io.flotilla.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;

/**
 * What a request that may not pass is told: an API caller gets a problem document, 401
 * without valid credentials and 403 when its role may not; a browser asking for a page is
 * sent to the login page instead. Spring Security writes neither as a problem document
 * itself.
 */
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final AuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint("/login");

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException, jakarta.servlet.ServletException {
		if (wantsPage(request)) {
			this.loginPage.commence(request, response, authException);
			return;
		}
		boolean credentialsSent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				credentialsSent ? "Bearer error=\"invalid_token\"" : "Bearer realm=\"flotilla\"");
		String detail = credentialsSent ? authException.getMessage()
				: "authentication required: send a token as 'Authorization: Bearer TOKEN' "
						+ "(flotilla login, or flotilla token create)";
		write(response, HttpStatus.UNAUTHORIZED, detail, request);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		String detail = (accessDeniedException instanceof CsrfException)
				? "the request has no valid CSRF token: a form of this server's pages sends it"
				: "your role may not " + request.getMethod() + " " + request.getRequestURI();
		write(response, HttpStatus.FORBIDDEN, detail, request);
	}

	/**
	 * A browser navigating to a page, not a program calling the API.
	 */
	private static boolean wantsPage(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		return !request.getRequestURI().startsWith("/api/") && accept != null && accept.contains("text/html");
	}

	static void write(HttpServletResponse response, HttpStatus status, String detail, HttpServletRequest request)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getOutputStream().write(JsonMapper.shared().writeValueAsBytes(problem));
	}

}
