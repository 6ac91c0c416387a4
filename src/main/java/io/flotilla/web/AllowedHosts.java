package io.flotilla.web;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers only requests whose {@code Host} header names one of the allowed hosts, with
 * any port, and refuses others with 421. Until the API authenticates its callers, this is
 * what keeps a web page from reaching it by DNS rebinding: the page's own name, resolved
 * to 127.0.0.1, is what its requests carry as their host.
 */
class AllowedHosts extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(AllowedHosts.class);

	private static final String HEALTH = "/actuator/health";

	private final Set<String> hosts;

	private final String hostsInWords;

	AllowedHosts(List<String> hosts) {
		this.hosts = hosts.stream()
			.filter((host) -> !host.isBlank())
			.map(AllowedHosts::normalized)
			.collect(Collectors.toCollection(LinkedHashSet::new));
		this.hostsInWords = String.join(", ", this.hosts);
	}

	/**
	 * The health probes say nothing but UP or DOWN, and a kubelet sends the pod's address
	 * as their host.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return path.equals(HEALTH) || path.startsWith(HEALTH + "/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.HOST);
		String host = (header != null) ? normalized(withoutPort(header.strip())) : null;
		if (host != null && this.hosts.contains(host)) {
			chain.doFilter(request, response);
			return;
		}
		String named = (header != null) ? "host '" + header + "'" : "a request without a Host header";
		logger.warn("refused {} for {} {}: not in flotilla.api.allowed-hosts", named, request.getMethod(),
				request.getRequestURI());
		response.sendError(HttpStatus.MISDIRECTED_REQUEST.value(), "this server does not answer to " + named
				+ "; it answers to " + this.hostsInWords + " (flotilla.api.allowed-hosts)");
	}

	private static String withoutPort(String header) {
		if (header.startsWith("[")) {
			int end = header.indexOf(']');
			return (end > 0) ? header.substring(0, end + 1) : header;
		}
		int colon = header.indexOf(':');
		return (colon >= 0) ? header.substring(0, colon) : header;
	}

	/**
	 * Lower case, and an IPv6 address in brackets as a Host header writes it.
	 */
	private static String normalized(String host) {
		String lower = host.strip().toLowerCase(Locale.ROOT);
		return (lower.contains(":") && !lower.startsWith("[")) ? "[" + lower + "]" : lower;
	}

}
