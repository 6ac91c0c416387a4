package io.flotilla.sandbox;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SandboxOptionsTests {

	@Test
	void defaultsSpreadOverThreeRegions() {
		assertThat(SandboxOptions.defaults().regions()).containsExactly("us-east-1", "eu-west-1", "ap-south-1");
		assertThat(SandboxOptions.defaults().podRestart()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void moreRegionsThanKnownNamesAreNumbered() {
		List<String> regions = SandboxOptions.regions(12);

		assertThat(regions).hasSize(12).doesNotHaveDuplicates().endsWith("region-11", "region-12");
	}

	@Test
	void rejectsNonsense() {
		SandboxOptions options = SandboxOptions.defaults();
		assertThatIllegalArgumentException().isThrownBy(() -> options.withClusters(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> options.withFailRate(1.5));
		assertThatIllegalArgumentException().isThrownBy(() -> options.withApiErrorRate(Double.NaN));
		assertThatIllegalArgumentException().isThrownBy(() -> options.withRegions(List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> options.withRegions(List.of("a", "a")));
		assertThatIllegalArgumentException().isThrownBy(() -> options.withPodRestart(Duration.ofMillis(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> options.withApiLatencyRate(1.1));
		assertThatIllegalArgumentException().isThrownBy(() -> options.withApiLatency(Duration.ofMillis(-1)));
	}

	@Test
	void noLatencyUnlessAskedFor() {
		SandboxOptions options = SandboxOptions.defaults();
		assertThat(options.apiLatencyRate()).isZero();
		assertThat(options.withApiLatencyRate(0.1).withApiLatency(Duration.ofMillis(200)).withSeed(5))
			.satisfies((slow) -> {
				assertThat(slow.apiLatencyRate()).isEqualTo(0.1);
				assertThat(slow.apiLatency()).isEqualTo(Duration.ofMillis(200));
			});
	}

}
