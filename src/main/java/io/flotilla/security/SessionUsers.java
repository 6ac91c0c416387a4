package io.flotilla.security;

import java.io.IOException;
import java.util.Optional;

import io.flotilla.account.Actor;
import io.flotilla.account.Users;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a local user again on every request of their login-form session, since the
 * session holds the user as they were when they logged in: a user disabled since is
 * logged out at once, as their tokens stop at once, and a changed role or group counts
 * from the next request.
 */
class SessionUsers extends OncePerRequestFilter {

	private final Users users;

	SessionUsers(Users users) {
		this.users = users;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof UsernamePasswordAuthenticationToken
				&& authentication.getPrincipal() instanceof Actor logged) {
			Optional<Actor> now = this.users.actor(logged.name());
			if (now.isEmpty()) {
				SecurityContextHolder.clearContext();
				HttpSession session = request.getSession(false);
				if (session != null) {
					session.invalidate();
				}
			}
			else if (!now.get().equals(logged)) {
				SecurityContextHolder.getContext()
					.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(now.get(), null,
							Actors.authorities(now.get())));
			}
		}
		chain.doFilter(request, response);
	}

}
