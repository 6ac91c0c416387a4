package io.flotilla.security;

import java.util.Collection;
import java.util.Map;

import io.flotilla.account.Actor;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * Who a bearer token speaks for, as Spring Security's resource server holds it.
 */
record TokenPrincipal(Actor actor) implements OAuth2AuthenticatedPrincipal {

	@Override
	public String getName() {
		return this.actor.name();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return Map.of("sub", this.actor.name(), "role", this.actor.role().word());
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return Actors.authorities(this.actor);
	}

}
