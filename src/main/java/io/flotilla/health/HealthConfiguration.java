package io.flotilla.health;

import io.flotilla.fleet.Fleet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server's one {@link HealthChecks}, whose pool every release shares so that the
 * checks of all releases together stay within {@code flotilla.checks.threads}; the pool
 * stops with the context.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

	@Bean(destroyMethod = "close")
	HealthChecks healthChecks(Fleet fleet, HealthProperties properties) {
		return HealthChecks.create(fleet, properties.toSettings());
	}

}
