package io.flotilla.security;

import io.flotilla.account.AccountException;
import io.flotilla.account.Actor;
import io.flotilla.account.PasswordLogin;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The login form's check of a local user's password, through {@link PasswordLogin}, so
 * that the form and {@code flotilla login} share one record of failures and one limit.
 */
class PasswordAuthentication implements AuthenticationProvider {

	private final PasswordLogin login;

	PasswordAuthentication(PasswordLogin login) {
		this.login = login;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : "unknown";
		try {
			Actor actor = this.login.login(authentication.getName(), (String) authentication.getCredentials(), address);
			return UsernamePasswordAuthenticationToken.authenticated(actor, null, Actors.authorities(actor));
		}
		catch (AccountException ex) {
			if (ex.reason() == AccountException.Reason.TOO_MANY_ATTEMPTS) {
				throw new LockedException(ex.getMessage());
			}
			throw new BadCredentialsException(ex.getMessage());
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
