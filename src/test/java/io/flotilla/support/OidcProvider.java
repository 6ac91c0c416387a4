package io.flotilla.support;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID Connect provider for tests to sign in against: Spring Authorization
 * Server in a Spring context of its own, on {@code 127.0.0.1} and a random port, with one
 * confidential client (authorization code with PKCE, scopes {@code openid} and
 * {@code profile}, no consent page) and users who have passwords and groups. Its ID
 * tokens and userinfo carry {@code preferred_username} and a {@code groups} claim, the
 * list of the user's groups. Its login page is Spring Security's form, which
 * {@link OidcBrowser} fills in. Start it before the application that signs in with it,
 * since that fetches the provider's metadata from {@link #issuerUri()} when it starts:
 *
 * <pre class="code">
 * OidcProvider provider = OidcProvider.builder("flotilla", "s3cret")
 * 	.allowRedirect("http://127.0.0.1/login/oauth2/code/sso")
 * 	.user("alice", "pw", Set.of("sre-leads", "flotilla-operators"))
 * 	.start();
 * </pre>
 *
 * No other test's context sees the provider: its configuration is handed to its own
 * {@link SpringApplicationBuilder} and carries no stereotype for a component scan to
 * find, and the plain authorization server library has no auto-configuration.
 */
public final class OidcProvider implements AutoCloseable {

	/**
	 * The name of the provider's session cookie. Cookies are not told apart by port, so
	 * under the default {@code JSESSIONID} the provider and an application on the same
	 * {@code 127.0.0.1} would overwrite each other's session in one browser.
	 */
	public static final String SESSION_COOKIE = "OIDC_PROVIDER_SESSION";

	/**
	 * The claim that lists a user's groups.
	 */
	public static final String GROUPS_CLAIM = "groups";

	private final ConfigurableApplicationContext context;

	private final String issuerUri;

	private OidcProvider(ConfigurableApplicationContext context) {
		this.context = context;
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		this.issuerUri = "http://127.0.0.1:" + port;
	}

	/**
	 * A provider for the one client with this id and secret.
	 */
	public static Builder builder(String clientId, String clientSecret) {
		return new Builder(clientId, clientSecret);
	}

	/**
	 * The issuer, {@code http://127.0.0.1:<port>} with no trailing slash: what a client's
	 * {@code issuer-uri} must be, since the client checks it against the {@code issuer}
	 * of the provider's metadata string for string.
	 */
	public String issuerUri() {
		return this.issuerUri;
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * What a provider starts with: its client, the redirect URIs that client may use, and
	 * its users.
	 */
	public static final class Builder {

		private final String clientId;

		private final String clientSecret;

		private final List<String> redirectUris = new ArrayList<>();

		private final Map<String, Account> accounts = new LinkedHashMap<>();

		private Builder(String clientId, String clientSecret) {
			this.clientId = clientId;
			this.clientSecret = clientSecret;
		}

		/**
		 * Lets the client be sent back to this URI after a sign-in. A redirect is checked
		 * by exact match, except that on a loopback address written as an IP literal
		 * ({@code 127.0.0.1}, {@code [::1]}) any port is allowed (RFC 8252), so
		 * {@code http://127.0.0.1/login/oauth2/code/sso} admits an application on a
		 * random port; {@code localhost} is no such address.
		 */
		public Builder allowRedirect(String uri) {
			this.redirectUris.add(uri);
			return this;
		}

		/**
		 * A user who signs in with this password and belongs to these groups.
		 */
		public Builder user(String username, String password, Set<String> groups) {
			this.accounts.put(username, new Account(password, groups.stream().sorted().toList()));
			return this;
		}

		/**
		 * Starts the provider; it takes requests once this returns.
		 */
		public OidcProvider start() {
			if (this.redirectUris.isEmpty()) {
				throw new IllegalStateException("No redirect URI allowed: the client could never be sent back");
			}
			RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId(this.clientId)
				.clientSecret("{noop}" + this.clientSecret)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUris((uris) -> uris.addAll(this.redirectUris))
				.scope(OidcScopes.OPENID)
				.scope(OidcScopes.PROFILE)
				.clientSettings(
						ClientSettings.builder().requireAuthorizationConsent(false).requireProofKey(true).build())
				.build();
			Accounts accounts = new Accounts(Map.copyOf(this.accounts));
			ConfigurableApplicationContext context = new SpringApplicationBuilder(ProviderConfiguration.class)
				.web(WebApplicationType.SERVLET)
				.bannerMode(Banner.Mode.OFF)
				.logStartupInfo(false)
				.initializers((applicationContext) -> {
					applicationContext.getBeanFactory()
						.registerSingleton("registeredClientRepository",
								new InMemoryRegisteredClientRepository(client));
					applicationContext.getBeanFactory().registerSingleton("accounts", accounts);
				})
				// Command-line arguments outrank every other property source. The config
				// name of its own keeps the server's application.yml out of the provider.
				.run("--spring.config.name=oidc-provider", "--server.address=127.0.0.1", "--server.port=0",
						"--server.servlet.session.cookie.name=" + SESSION_COOKIE);
			return new OidcProvider(context);
		}

	}

	private record Account(String password, List<String> groups) {
	}

	/**
	 * The users, by name. Groups are read from here rather than from the signed-in
	 * principal's authorities, which Spring Security 7 fills with factor authorities
	 * ({@code FACTOR_PASSWORD}) that are no group of anyone's.
	 */
	private record Accounts(Map<String, Account> byName) {

		/**
		 * The claims of a user who has signed in, so is one of them.
		 */
		Map<String, Object> claims(String username) {
			return Map.of(StandardClaimNames.SUB, username, StandardClaimNames.PREFERRED_USERNAME, username,
					GROUPS_CLAIM, this.byName.get(username).groups());
		}

	}

	/**
	 * The provider's context: a Tomcat, the authorization server's filter chain, and a
	 * form login for everything else. Every endpoint is a filter, but the dispatcher
	 * servlet is needed all the same: Tomcat answers a request that maps to no servlet
	 * with a 404 and runs no filter. Deliberately no {@code @Configuration}: the server's
	 * {@code @SpringBootApplication} scans {@code io.flotilla}, test classes included, in
	 * every {@code @SpringBootTest}; a class that only imports and declares beans is
	 * still read as configuration when handed to {@link SpringApplicationBuilder}.
	 */
	@EnableWebSecurity
	@ImportAutoConfiguration({ TomcatServletWebServerAutoConfiguration.class,
			DispatcherServletAutoConfiguration.class })
	static class ProviderConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		SecurityFilterChain authorizationServer(HttpSecurity http, Accounts accounts) {
			http.oauth2AuthorizationServer((server) -> {
				http.securityMatcher(server.getEndpointsMatcher());
				server.oidc((oidc) -> oidc.userInfoEndpoint((userInfo) -> userInfo.userInfoMapper((
						context) -> new OidcUserInfo(accounts.claims(context.getAuthorization().getPrincipalName())))));
			});
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			// A browser that is not signed in is sent to the login form; a client
			// calling an endpoint gets the authorization server's own 401.
			http.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
			return http.build();
		}

		@Bean
		SecurityFilterChain login(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.formLogin(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		UserDetailsService users(Accounts accounts) {
			return (username) -> {
				Account account = accounts.byName().get(username);
				if (account == null) {
					throw new UsernameNotFoundException(username);
				}
				return User.withUsername(username).password("{noop}" + account.password()).build();
			};
		}

		@Bean
		OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims(Accounts accounts) {
			return (context) -> {
				if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
					context.getClaims()
						.claims((claims) -> claims.putAll(accounts.claims(context.getPrincipal().getName())));
				}
			};
		}

		@Bean
		JWKSource<SecurityContext> jwkSource() {
			KeyPair keys = rsaKeys();
			RSAKey key = new RSAKey.Builder((RSAPublicKey) keys.getPublic())
				.privateKey((RSAPrivateKey) keys.getPrivate())
				.keyID(UUID.randomUUID().toString())
				.build();
			return new ImmutableJWKSet<>(new JWKSet(key));
		}

		/**
		 * Validates the access tokens the userinfo endpoint is called with.
		 */
		@Bean
		JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
			return OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
		}

		/**
		 * The default endpoints, and no issuer: the provider takes it from each request,
		 * so it is the address the provider was reached at, port included.
		 */
		@Bean
		AuthorizationServerSettings authorizationServerSettings() {
			return AuthorizationServerSettings.builder().build();
		}

		private static KeyPair rsaKeys() {
			try {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
				return generator.generateKeyPair();
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
