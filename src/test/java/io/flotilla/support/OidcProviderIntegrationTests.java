package io.flotilla.support;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OidcProvider} and {@link OidcBrowser} sign a user in to an application of their
 * own, each in a Spring context of its own: the application finds the provider by its
 * issuer, as Flotilla will, and a signed-in user comes back with their name and groups,
 * from the ID token and from userinfo alike.
 */
class OidcProviderIntegrationTests {

	private static final String REGISTRATION = "test";

	private static OidcProvider provider;

	private static ConfigurableApplicationContext application;

	private static String applicationUrl;

	@BeforeAll
	static void start() {
		provider = OidcProvider.builder("flotilla", "s3cret")
			.allowRedirect("http://127.0.0.1/login/oauth2/code/" + REGISTRATION)
			.user("alice", "pw", Set.of("sre-leads", "flotilla-operators"))
			.user("bob", "pw", Set.of())
			.start();
		String registration = "--spring.security.oauth2.client.registration." + REGISTRATION + ".";
		application = new SpringApplicationBuilder(ApplicationConfiguration.class).web(WebApplicationType.SERVLET)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			// As for the provider, a config name of its own keeps the server's
			// application.yml out.
			.run("--spring.config.name=oidc-application", "--server.address=127.0.0.1", "--server.port=0",
					registration + "client-id=flotilla", registration + "client-secret=s3cret",
					registration + "scope=openid,profile",
					"--spring.security.oauth2.client.provider." + REGISTRATION + ".issuer-uri=" + provider.issuerUri());
		applicationUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) application).getWebServer().getPort();
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
		if (provider != null) {
			provider.close();
		}
	}

	@Test
	void aUserSignsInAndComesBackWithTheirNameAndGroups() {
		OidcBrowser browser = new OidcBrowser();

		OidcBrowser.Page me = browser.signIn(applicationUrl + "/me", "alice", "pw");

		assertThat(me.status()).isEqualTo(200);
		assertThat(me.uri().toString()).startsWith(applicationUrl + "/me");
		JsonNode user = TestHttp.JSON.readTree(me.body());
		assertThat(user.get("name").asString()).isEqualTo("alice");
		assertThat(user.get("preferredUsername").asString()).isEqualTo("alice");
		assertThat(strings(user.get("idTokenGroups"))).containsExactly("flotilla-operators", "sre-leads");
		assertThat(strings(user.get("userInfoGroups"))).containsExactly("flotilla-operators", "sre-leads");
		assertThat(browser.cookieNames(applicationUrl)).contains("JSESSIONID", OidcProvider.SESSION_COOKIE);
		assertThat(browser.get(applicationUrl + "/me").body()).isEqualTo(me.body());
	}

	@Test
	void aUserOfNoGroupHasAnEmptyListOfThem() {
		OidcBrowser.Page me = new OidcBrowser().signIn(applicationUrl + "/me", "bob", "pw");

		assertThat(me.status()).isEqualTo(200);
		assertThat(strings(TestHttp.JSON.readTree(me.body()).get("idTokenGroups"))).isEmpty();
	}

	@Test
	void aWrongPasswordStaysOnTheProvidersLoginPageWithAnError() {
		OidcBrowser browser = new OidcBrowser();

		OidcBrowser.Page page = browser.signIn(applicationUrl + "/me", "alice", "not-the-password");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.uri().toString()).isEqualTo(provider.issuerUri() + "/login?error");
		assertThat(page.isLoginForm()).isTrue();
		assertThat(page.body()).contains("Invalid credentials");
		assertThat(browser.get(applicationUrl + "/me").isLoginForm()).isTrue();
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

	/**
	 * An application that signs in with the provider and answers who signed in. Not a
	 * {@code @Configuration}, for the reason {@link OidcProvider}'s is not.
	 */
	@EnableWebSecurity
	@ImportAutoConfiguration({ TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
			WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
			OAuth2ClientAutoConfiguration.class })
	static class ApplicationConfiguration {

		@Bean
		SecurityFilterChain signIn(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.oauth2Login(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		RouterFunction<ServerResponse> me() {
			return RouterFunctions.route().GET("/me", (request) -> {
				OidcUser user = (OidcUser) ((Authentication) request.principal().orElseThrow()).getPrincipal();
				return ServerResponse.ok()
					.body(Map.of("name", user.getName(), "preferredUsername", user.getPreferredUsername(),
							"idTokenGroups", user.getIdToken().getClaimAsStringList(OidcProvider.GROUPS_CLAIM),
							"userInfoGroups", user.getUserInfo().getClaimAsStringList(OidcProvider.GROUPS_CLAIM)));
			}).build();
		}

	}

}
