package io.flotilla.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a path with a raw {@code ;}. Tomcat and Spring read what follows one as a path
 * parameter and leave it out of the path variable, so
 * {@code /api/releases/acc-run;x/cancel} would cancel release {@code acc-run}. No
 * endpoint takes path parameters, and an id sent encoded ({@code %3B}) keeps its
 * {@code ;}, which the id rule refuses.
 */
class PathParameters extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getRequestURI().indexOf(';') >= 0) {
			response.sendError(HttpStatus.BAD_REQUEST.value(),
					"the path " + request.getRequestURI() + " has a ';', which no endpoint takes");
			return;
		}
		chain.doFilter(request, response);
	}

}
