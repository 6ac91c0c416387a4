package io.flotilla.web;

import java.util.Map;

import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health probes a Kubernetes deployment points its kubelet at: liveness, and
 * readiness with the database and the Quartz timers. Nothing else of Actuator is exposed.
 */
class HealthIntegrationTests extends ServerUnderTest {

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(4, SandboxOptions.regions(1)));

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	@Test
	void livenessAndReadinessAreUpAndSayNothingMore() {
		// when
		Response liveness = this.http.get("/actuator/health/liveness");
		Response readiness = this.http.get("/actuator/health/readiness");

		// then
		assertThat(liveness.status()).isEqualTo(200);
		assertThat(liveness.json().get("status").asString()).isEqualTo("UP");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
		assertThat(readiness.json().has("components")).as("no details").isFalse();
	}

	@Test
	void aKubeletAskingByThePodsAddressIsAnsweredButTheApiIsNot() {
		// when
		Map<String, String> podAddress = Map.of("Host", "10.1.2.3:" + this.port, "Connection", "close");
		Response probe = this.http.raw("GET", "/actuator/health/readiness", "HTTP/1.1", podAddress);
		Response api = this.http.raw("GET", "/api/releases", "HTTP/1.1", podAddress);

		// then
		assertThat(probe.status()).isEqualTo(200);
		assertThat(api.status()).isEqualTo(421);
	}

	@Test
	void noOtherActuatorEndpointIsExposed() {
		for (String path : new String[] { "/actuator/env", "/actuator/beans", "/actuator/metrics" }) {
			assertThat(this.http.get(path).status()).as(path).isEqualTo(404);
		}
	}

}
