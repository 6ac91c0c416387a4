package io.flotilla.health;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WordsTests {

	@Test
	void numbersAreWrittenWithoutNeedlessDigits() {
		assertThat(Words.number(12.0)).isEqualTo("12");
		assertThat(Words.number(0.4)).isEqualTo("0.4");
		assertThat(Words.number(8.0 / 3)).isEqualTo("2.667");
		assertThat(Words.number(-1)).isEqualTo("-1");
		assertThat(Words.number(125000)).isEqualTo("125000");
	}

	@Test
	void durationsAreShort() {
		assertThat(Words.duration(Duration.ofSeconds(10))).isEqualTo("10s");
		assertThat(Words.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
		assertThat(Words.duration(Duration.ofMinutes(10))).isEqualTo("10m");
	}

	@Test
	void aSelectorIsSortedLikeTheApisOwn() {
		assertThat(Words.selector(Map.of("b", "2", "a", "1"))).isEqualTo("a=1,b=2");
	}

	@Test
	void reasonsNameTheStatusOrTheNetworksFailure() {
		assertThat(Words.reason(new KubernetesClientException(
				new StatusBuilder().withCode(403).withMessage("pods is forbidden").build())))
			.isEqualTo("403 pods is forbidden");
		assertThat(Words.reason(new IOException(null, new ConnectException()))).isEqualTo("connection refused");
		assertThat(Words.reason(new IllegalArgumentException("unknown context 'x'"))).isEqualTo("unknown context 'x'");
	}

}
