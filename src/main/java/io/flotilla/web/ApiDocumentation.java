package io.flotilla.web;

import io.flotilla.account.Actor;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The REST API's OpenAPI document ({@code /api/docs}) and its UI ({@code /api/docs/ui}),
 * both behind login like the rest of {@code /api}. Every operation takes a bearer token;
 * the caller a controller declares as an {@link Actor} parameter is who the token names,
 * never a request parameter, so the document leaves it out.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	private static final String BEARER = "bearer";

	private static final String DESCRIPTION = """
			Start, watch and steer database upgrades across fleets of Kubernetes clusters. \
			Send a token as `Authorization: Bearer …` (`flotilla login`, or `POST /api/login`). \
			A viewer reads, an operator also starts and steers releases, an admin also manages users and freezes. \
			Every refusal is a problem document (RFC 9457).""";

	static {
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
	}

	@Bean
	OpenAPI flotillaApi() {
		return new OpenAPI().info(new Info().title("Flotilla API").description(DESCRIPTION).version(version()))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.bearerFormat("flotilla token")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

	/**
	 * The version the jar's manifest names; a build run from its classes has none.
	 */
	private static String version() {
		String version = ApiDocumentation.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "development";
	}

}
