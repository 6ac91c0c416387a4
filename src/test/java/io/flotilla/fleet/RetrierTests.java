package io.flotilla.fleet;

import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RetrierTests {

	private final Retrier retrier = new Retrier(new FleetSettings(Path.of("kubeconfig"), 3, Duration.ofMillis(1),
			Duration.ofMillis(2), Duration.ofSeconds(1)), new SplittableRandom(7));

	@Test
	void delayIsRandomBelowADoublingCappedBound() {
		Retrier defaults = new Retrier(FleetSettings.defaults(Path.of("kubeconfig")), new SplittableRandom(7));
		for (int i = 0; i < 100; i++) {
			assertThat(defaults.delay(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
			assertThat(defaults.delay(3)).isBetween(Duration.ZERO, Duration.ofMillis(800));
			assertThat(defaults.delay(40)).isBetween(Duration.ZERO, Duration.ofSeconds(5));
		}
	}

	@Test
	void retriesTransientFailuresUntilSuccess() throws Exception {
		AtomicInteger calls = new AtomicInteger();

		String result = this.retrier.call("test", (attempt) -> {
			if (calls.incrementAndGet() < 3) {
				throw failure(503);
			}
			return "done on " + attempt;
		});

		assertThat(result).isEqualTo("done on 3");
	}

	@Test
	void givesUpAfterMaxAttemptsWithTheLastReason() {
		AtomicInteger calls = new AtomicInteger();

		assertThatExceptionOfType(ApiUnavailableException.class)
			.isThrownBy(() -> this.retrier.call("test", (attempt) -> {
				calls.incrementAndGet();
				throw failure(429);
			}))
			.withMessage("Kubernetes API unavailable after 3 attempts: 429 slow down");
		assertThat(calls).hasValue(3);
	}

	@Test
	void doesNotRetryARefusal() {
		AtomicInteger calls = new AtomicInteger();

		assertThatExceptionOfType(KubernetesClientException.class)
			.isThrownBy(() -> this.retrier.call("test", (attempt) -> {
				calls.incrementAndGet();
				throw failure(403);
			}));
		assertThat(calls).hasValue(1);
	}

	@Test
	void classifiesNetworkErrorsAsTransient() {
		assertThat(Retrier.isTransient(new KubernetesClientException("down", new ConnectException("refused"))))
			.isTrue();
		assertThat(Retrier.isTransient(failure(500))).isTrue();
		assertThat(Retrier.isTransient(failure(409))).isFalse();
		assertThat(Retrier.isTransient(new KubernetesClientException("bad"))).isFalse();
	}

	private static KubernetesClientException failure(int code) {
		return new KubernetesClientException(new StatusBuilder().withCode(code).withMessage("slow down").build());
	}

}
