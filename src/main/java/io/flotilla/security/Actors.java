package io.flotilla.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.flotilla.account.Actor;
import io.flotilla.account.Role;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The bridge between Spring Security's authentications and Flotilla's {@link Actor}: a
 * role is the authority {@code ROLE_<ROLE>}, a group the authority {@code GROUP_<name>},
 * however the caller logged in (a token, the login form, single sign-on).
 */
final class Actors {

	static final String GROUP = "GROUP_";

	private Actors() {
	}

	static List<GrantedAuthority> authorities(Role role, Collection<String> groups) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority(role.authority()));
		groups.stream().map((group) -> new SimpleGrantedAuthority(GROUP + group)).forEach(authorities::add);
		return authorities;
	}

	static List<GrantedAuthority> authorities(Actor actor) {
		return authorities(actor.role(), actor.groups());
	}

	/**
	 * The actor an authenticated request speaks for.
	 * @throws IllegalStateException for an authentication that carries no role, which the
	 * filter chain never lets through
	 */
	static Actor of(Authentication authentication) {
		Object principal = authentication.getPrincipal();
		if (principal instanceof TokenPrincipal token) {
			return token.actor();
		}
		if (principal instanceof Actor actor) {
			return actor;
		}
		String name = (principal instanceof OidcUser oidc && oidc.getPreferredUsername() != null)
				? oidc.getPreferredUsername() : authentication.getName();
		Set<String> authorities = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.collect(Collectors.toSet());
		Role role = highestRole(authorities);
		Set<String> groups = authorities.stream()
			.filter((authority) -> authority.startsWith(GROUP))
			.map((authority) -> authority.substring(GROUP.length()))
			.collect(Collectors.toSet());
		return new Actor(name, role, groups);
	}

	private static Role highestRole(Set<String> authorities) {
		for (Role role : List.of(Role.ADMIN, Role.OPERATOR, Role.VIEWER)) {
			if (authorities.contains(role.authority())) {
				return role;
			}
		}
		throw new IllegalStateException("an authentication without a role reached a controller");
	}

}
