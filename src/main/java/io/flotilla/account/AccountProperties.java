package io.flotilla.account;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may log in and for how long.
 *
 * @param adminPassword the first admin's password ({@code FLOTILLA_ADMIN_PASSWORD}), used
 * only while there is no user at all
 * @param adminPasswordFile a file holding it instead, such as a mounted Kubernetes Secret
 * @param generatedAdminPasswordFile where a generated first admin's password is written
 * (mode 0600) when neither is given
 * @param groups the single sign-on groups approver lists may name, besides those assigned
 * to local users and those {@code oidc.roles} maps
 * @param loginAttempts failed logins allowed per user and client address within
 * {@code loginWindow}; more are refused until the window has passed
 * @param loginAttemptsPerAddress failed logins allowed per client address within
 * {@code loginWindow}, whatever names it tries
 * @param loginWindow the window failed logins are counted in
 * @param loginTokenLifetime how long the token {@code flotilla login} makes lives
 * @param tokenLifetime how long a token lives when its maker names no expiry
 * @param maxTokenLifetime the longest expiry a token may be given
 * @param oidc how single sign-on users get their role
 */
@ConfigurationProperties("flotilla.security")
public record AccountProperties(String adminPassword, Path adminPasswordFile,
		@DefaultValue(".flotilla/admin-password") Path generatedAdminPasswordFile, @DefaultValue List<String> groups,
		@DefaultValue("5") int loginAttempts, @DefaultValue("20") int loginAttemptsPerAddress,
		@DefaultValue("1m") Duration loginWindow, @DefaultValue("12h") Duration loginTokenLifetime,
		@DefaultValue("90d") Duration tokenLifetime, @DefaultValue("366d") Duration maxTokenLifetime,
		@DefaultValue Oidc oidc) {

	public AccountProperties {
		groups = List.copyOf(groups);
	}

	/**
	 * @param groupsClaim the ID token claim listing the user's groups
	 * @param roles for each role, the groups whose members get it; a user in several gets
	 * the highest, a user in none is refused
	 */
	public record Oidc(@DefaultValue("groups") String groupsClaim, @DefaultValue Map<Role, List<String>> roles) {

		public Oidc {
			roles = Map.copyOf(roles);
		}

	}

}
