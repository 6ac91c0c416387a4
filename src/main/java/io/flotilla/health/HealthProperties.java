package io.flotilla.health;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flotilla.checks}: where Prometheus is and how many checks run how long.
 *
 * @param prometheusUrl the Prometheus server, such as {@code http://prometheus:9090};
 * none by default, and then every Prometheus check fails, saying so
 * @param threads checks that run at once, across all releases
 * @param timeout how long one check may take
 * @param lookBack how far back a check before a patch counts logs and restarts
 */
@ConfigurationProperties("flotilla.checks")
record HealthProperties(URI prometheusUrl, @DefaultValue("8") int threads, @DefaultValue("10s") Duration timeout,
		@DefaultValue("10m") Duration lookBack) {

	HealthSettings toSettings() {
		return new HealthSettings(Optional.ofNullable(this.prometheusUrl), this.threads, this.timeout, this.lookBack);
	}

}
