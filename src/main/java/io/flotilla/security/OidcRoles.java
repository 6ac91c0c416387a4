package io.flotilla.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.flotilla.account.AccountProperties;
import io.flotilla.account.Actor;
import io.flotilla.account.Role;
import io.flotilla.account.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * A single sign-on user's role and groups, from the groups claim of their ID token or
 * user info: the highest role one of their groups is mapped to
 * ({@code flotilla.security.oidc.roles}), and every group, which approver lists name. A
 * user in no mapped group is refused at login. The role and groups come from the claim
 * alone, never from the authorities Spring Security adds of its own. Each login, and each
 * refusal, is recorded in the audit log under the user's name.
 */
class OidcRoles implements OAuth2UserService<OidcUserRequest, OidcUser> {

	private static final Logger logger = LoggerFactory.getLogger(OidcRoles.class);

	private final OidcUserService delegate = new OidcUserService();

	private final AccountProperties.Oidc settings;

	private final Users users;

	OidcRoles(AccountProperties.Oidc settings, Users users) {
		this.settings = settings;
		this.users = users;
	}

	@Override
	public OidcUser loadUser(OidcUserRequest request) {
		OidcUser user = this.delegate.loadUser(request);
		List<String> claimed = user.getClaimAsStringList(this.settings.groupsClaim());
		Set<String> groups = (claimed != null) ? Set.copyOf(claimed) : Set.of();
		String name = (user.getPreferredUsername() != null) ? user.getPreferredUsername() : user.getSubject();
		Role role = roleOf(groups).orElseThrow(() -> {
			logger.warn("single sign-on refused {}: none of the groups {} is mapped to a role", name, groups);
			this.users.recordRefusedSingleSignOn(name, groups);
			return new OAuth2AuthenticationException(new OAuth2Error("access_denied"),
					name + " is in no group that flotilla.security.oidc.roles maps to a role");
		});
		this.users.recordSingleSignOn(new Actor(name, role, groups));
		String nameClaim = (user.getPreferredUsername() != null) ? StandardClaimNames.PREFERRED_USERNAME
				: StandardClaimNames.SUB;
		return new DefaultOidcUser(Actors.authorities(role, groups), user.getIdToken(), user.getUserInfo(), nameClaim);
	}

	private Optional<Role> roleOf(Set<String> groups) {
		Role highest = null;
		for (Map.Entry<Role, List<String>> mapping : this.settings.roles().entrySet()) {
			boolean member = mapping.getValue().stream().anyMatch(groups::contains);
			if (member && (highest == null || mapping.getKey().includes(highest))) {
				highest = mapping.getKey();
			}
		}
		return Optional.ofNullable(highest);
	}

}
