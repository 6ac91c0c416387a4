package io.flotilla.security;

import io.flotilla.account.Tokens;

import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Checks a bearer token against Flotilla's own token table: the resource server's
 * opaque-token support without a remote introspection endpoint.
 */
class TokenIntrospector implements OpaqueTokenIntrospector {

	private final Tokens tokens;

	TokenIntrospector(Tokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
		return this.tokens.authenticate(token)
			.map(TokenPrincipal::new)
			.orElseThrow(() -> new BadOpaqueTokenException(
					"the token is not valid: it is unknown, expired or revoked, or its owner is disabled"));
	}

}
