package io.flotilla.security;

import java.util.List;

import io.flotilla.account.AccountProperties;
import io.flotilla.account.PasswordLogin;
import io.flotilla.account.Tokens;
import io.flotilla.account.Users;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every door of the server. Without valid credentials only the health probes, Slack's
 * signed interactions, the login page and {@code POST /api/login} answer. Programs send a
 * token ({@code Authorization: Bearer …}), browsers log in with a password or single
 * sign-on and keep a session. A viewer reads, an operator also starts and steers releases
 * and pauses, resumes and fires schedules, an admin also manages users; the services
 * check the same rules again, since Slack reaches them without passing here.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * The doors that take no credentials at all: the health probes, which a kubelet calls
	 * with none, and Slack's interactions, which prove themselves by Slack's signature. A
	 * token sent to them is not even looked at.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain openDoors(HttpSecurity http) {
		http.securityMatchers(
				(matchers) -> matchers.requestMatchers("/actuator/health/liveness", "/actuator/health/readiness")
					.requestMatchers(HttpMethod.POST, "/slack/interactions"))
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain securityFilterChain(HttpSecurity http, Tokens tokens, PasswordLogin login, Users users,
			AccountProperties properties, ObjectProvider<ClientRegistrationRepository> singleSignOn) {
		ProblemResponses problems = new ProblemResponses();
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/login", "/error")
			.permitAll()
			.requestMatchers(HttpMethod.POST, "/api/login")
			.permitAll()
			.requestMatchers(HttpMethod.POST, "/api/freezes", "/api/freezes/**")
			.hasRole("ADMIN")
			.requestMatchers(HttpMethod.POST, "/api/releases", "/api/releases/**", "/api/schedules/**",
					"/console/releases", "/console/releases/**", "/console/timers/schedules/**")
			.hasRole("OPERATOR")
			.requestMatchers("/console/admin", "/console/admin/**")
			.hasRole("ADMIN")
			.requestMatchers("/console", "/console/**")
			.hasRole("VIEWER")
			.requestMatchers(HttpMethod.PUT, "/api/users/*/password")
			.hasRole("VIEWER")
			.requestMatchers("/api/users", "/api/users/**")
			.hasRole("ADMIN")
			.requestMatchers("/api/**")
			.hasRole("VIEWER")
			.anyRequest()
			.authenticated())
			.authenticationProvider(new PasswordAuthentication(login))
			.addFilterBefore(new SessionUsers(users), AuthorizationFilter.class)
			.formLogin((form) -> form.permitAll())
			.oauth2ResourceServer(
					(server) -> server.opaqueToken((opaque) -> opaque.introspector(new TokenIntrospector(tokens)))
						.authenticationEntryPoint(problems))
			// The default entry point for every request, not the entry point: Spring
			// Security generates the login page only while none is set explicitly.
			.exceptionHandling(
					(exceptions) -> exceptions.defaultAuthenticationEntryPointFor(problems, AnyRequestMatcher.INSTANCE)
						.accessDeniedHandler(problems))
			.csrf((csrf) -> csrf.requireCsrfProtectionMatcher(SecurityConfiguration::changesASession));
		if (singleSignOn.getIfAvailable() != null) {
			OidcRoles roles = new OidcRoles(properties.oidc(), users);
			http.oauth2Login((oauth) -> oauth.userInfoEndpoint((userInfo) -> userInfo.oidcUserService(roles)));
		}
		return http.build();
	}

	/**
	 * Spring Security's firewall, letting through what Flotilla's own filters and the
	 * release id rule answer with a problem document naming the problem: an encoded slash
	 * or semicolon inside a release id. A bare {@code ;} never gets this far.
	 */
	@Bean
	static WebSecurityCustomizer firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowUrlEncodedSlash(true);
		// Tomcat passes an encoded slash through undecoded, so the decoded path holds a
		// '%'
		firewall.setAllowUrlEncodedPercent(true);
		firewall.setAllowSemicolon(true);
		return (web) -> web.httpFirewall(firewall);
	}

	/**
	 * A role includes the ones below it, in the URL rules as in {@code Role.includes}.
	 */
	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role("ADMIN")
			.implies("OPERATOR")
			.role("OPERATOR")
			.implies("VIEWER")
			.build();
	}

	@Bean
	WebMvcConfigurer actorArguments() {
		return new WebMvcConfigurer() {
			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new ActorArgument());
			}
		};
	}

	/**
	 * Only a browser's session can be ridden by another site's form, so only a request
	 * that changes something and authenticates by its session cookie needs the CSRF
	 * token; a request with a bearer token, or with nothing, is judged by its
	 * credentials, and one without any gets 401, not a CSRF refusal. Another scheme in
	 * the header is no credential here, so it does not spare the check.
	 */
	private static boolean changesASession(HttpServletRequest request) {
		boolean safe = List.of("GET", "HEAD", "OPTIONS", "TRACE").contains(request.getMethod());
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
		return !safe && !bearer && request.getRequestedSessionId() != null;
	}

}
