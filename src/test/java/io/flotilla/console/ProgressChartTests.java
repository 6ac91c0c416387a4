package io.flotilla.console;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flotilla.release.ReleaseViews.WaveOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressChartTests {

	private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

	private static final Pattern POLYLINE = Pattern.compile("<polyline[^>]*points=\"([^\"]*)\"><title>([^<]*)</title>");

	@Test
	void drawsNothingBeforeTheFirstWave() {
		assertThat(ProgressChart.svg(List.of(), START, START.plusSeconds(60))).isEmpty();
	}

	@Test
	void drawsOneStepPerWaveAndOneLinePerStageScaledToTheLargestTotal() {
		List<WaveOutcome> waves = List.of(wave("canary", 2, 0), wave("canary", 2, 30), wave("fleet", 8, 60),
				wave("fleet", 8, 120));

		String svg = ProgressChart.svg(waves, START, START.plusSeconds(120));

		Matcher lines = POLYLINE.matcher(svg);
		assertThat(lines.find()).isTrue();
		assertThat(lines.group(2)).isEqualTo("canary");
		// x from 56 to 884 over 120 s, y from 220 (none) to 16 (16 clusters)
		assertThat(lines.group(1)).isEqualTo("56.0,220.0 56.0,194.5 263.0,194.5 263.0,169.0");
		assertThat(lines.find()).isTrue();
		assertThat(lines.group(2)).isEqualTo("fleet");
		assertThat(lines.group(1)).isEqualTo("470.0,220.0 470.0,118.0 884.0,118.0 884.0,16.0");
		assertThat(lines.find()).isFalse();
		assertThat(svg).contains(">16</text>").contains(">+2m</text>");
	}

	@Test
	void escapesAStageNameThatLooksLikeMarkup() {
		String svg = ProgressChart.svg(List.of(wave("<b>&", 1, 10)), START, START.plusSeconds(10));

		assertThat(svg).contains("<title>&lt;b&gt;&amp;</title>").doesNotContain("<b>");
	}

	private static WaveOutcome wave(String stage, int clusters, long secondsAfterStart) {
		return new WaveOutcome(stage, "eu", 1, clusters, clusters, 0, 0, START.plusSeconds(secondsAfterStart));
	}

}
