package io.flotilla.health;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetSettings;
import io.flotilla.plan.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HealthConfigurationTests {

	@TempDir
	Path directory;

	@Test
	void theSettingsHaveTheirDefaultsAndNoPrometheus() {
		runner().run((context) -> assertThat(context.getBean(HealthProperties.class).toSettings())
			.isEqualTo(new HealthSettings(Optional.empty(), 8, Duration.ofSeconds(10), Duration.ofMinutes(10))));
	}

	@Test
	void theSettingsAreReadFromFlotillaChecks() {
		runner()
			.withPropertyValues("flotilla.checks.prometheus-url=http://prometheus:9090", "flotilla.checks.threads=3",
					"flotilla.checks.timeout=2s", "flotilla.checks.look-back=5m")
			.run((context) -> assertThat(context.getBean(HealthProperties.class).toSettings())
				.isEqualTo(new HealthSettings(Optional.of(URI.create("http://prometheus:9090")), 3,
						Duration.ofSeconds(2), Duration.ofMinutes(5))));
	}

	@Test
	void thePoolStopsWithTheContext() {
		HealthChecks[] bean = new HealthChecks[1];
		runner().run((context) -> bean[0] = context.getBean(HealthChecks.class));

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> bean[0].check(List.of(), Subject.afterPatch(new ClusterRef("c", "ns", "db", "1"),
					Target.STATEFUL_SET, "canary", Instant.now(), List.of())))
			.withMessage("the health checks are closed");
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withBean(Fleet.class, () -> new Fleet(FleetSettings.defaults(this.directory.resolve("kubeconfig"))))
			.withUserConfiguration(Properties.class, HealthConfiguration.class);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(HealthProperties.class)
	static class Properties {

	}

}
