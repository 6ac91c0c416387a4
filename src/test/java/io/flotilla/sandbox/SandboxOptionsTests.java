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

	@Test
	void breaksReadsAShareForAnyVersionAndSharesPerVersion() {
		SandboxOptions.Breaks breaks = SandboxOptions.Breaks.parse("2%, 25.3=50%,24.8=0.1");

		assertThat(breaks.share()).isEqualTo(0.02);
		assertThat(breaks.shareAt("25.3")).isEqualTo(0.5);
		assertThat(breaks.shareAt("24.8")).isEqualTo(0.1);
		assertThat(breaks.shareAt("26.1")).isEqualTo(0.02);
		assertThat(breaks.any()).isTrue();
		assertThat(SandboxOptions.Breaks.parse(breaks.toString())).isEqualTo(breaks);
		assertThat(SandboxOptions.Breaks.parse("25.3=3%").share()).isZero();
		assertThat(SandboxOptions.Breaks.parse("0").any()).isFalse();
	}

	@Test
	void breaksRefusesWhatIsNotAShare() {
		for (String text : List.of("", "lots", "25.3=", "=2%", "150%", "25.3=-1", "1%,,2%", "a b=1%")) {
			assertThatIllegalArgumentException().as(text)
				.isThrownBy(() -> SandboxOptions.Breaks.parse(text))
				.withMessageStartingWith("breaks '" + text + "': ");
		}
	}

	@Test
	void whichClustersBreakFollowsFromTheSeedAndTheClusterAndComesToTheShare() {
		SandboxOptions.Breaks breaks = SandboxOptions.Breaks.parse("25.3=10%");
		int broken = 0;
		int total = 20_000;
		for (int i = 0; i < total; i++) {
			String namespace = String.format("tenant-%04d", i);
			boolean breaksOnce = breaks.breaks(42, namespace, "clickhouse-events", "25.3");
			assertThat(breaks.breaks(42, namespace, "clickhouse-events", "25.3")).isEqualTo(breaksOnce);
			assertThat(breaks.breaks(42, namespace, "clickhouse-events", "24.8")).isFalse();
			broken += breaksOnce ? 1 : 0;
		}
		assertThat(broken).isBetween(1_800, 2_200);
		long sameForOtherSeed = java.util.stream.IntStream.range(0, 1000)
			.filter((i) -> breaks.breaks(42, "tenant-" + i, "c", "25.3") == breaks.breaks(43, "tenant-" + i, "c",
					"25.3"))
			.count();
		assertThat(sameForOtherSeed).isLessThan(1000);
		assertThat(SandboxOptions.Breaks.parse("100%").breaks(1, "a", "b", "x")).isTrue();
		assertThat(SandboxOptions.Breaks.NONE.breaks(1, "a", "b", "x")).isFalse();
	}

}
