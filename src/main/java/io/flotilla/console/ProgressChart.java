package io.flotilla.console;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.flotilla.plan.Durations;
import io.flotilla.release.ReleaseViews.WaveOutcome;

/**
 * Clusters done over time, one line per stage, drawn on the server as SVG: a step at each
 * wave's commit. No chart library, no script, and the same picture at 10 clusters or
 * 10,000, since it has a point per wave, not per cluster.
 */
final class ProgressChart {

	private static final int WIDTH = 900;

	private static final int HEIGHT = 260;

	private static final int LEFT = 56;

	private static final int RIGHT = 16;

	private static final int TOP = 16;

	private static final int BOTTOM = 40;

	private static final String[] COLOURS = { "#2457c5", "#1f7a3f", "#a35a00", "#6b3fa0", "#b3261e", "#00838f" };

	private ProgressChart() {
	}

	/**
	 * The chart's SVG element, or an empty string before the first wave committed.
	 * @param start when the release started: the chart's left edge
	 * @param end the right edge: now, or the release's last change once it ended
	 */
	static String svg(List<WaveOutcome> waves, Instant start, Instant end) {
		if (waves.isEmpty()) {
			return "";
		}
		Map<String, List<long[]>> lines = lines(waves, start);
		long span = Math.max(1, Duration.between(start, end).toMillis());
		long top = lines.values().stream().mapToLong((line) -> line.get(line.size() - 1)[1]).max().orElse(1);
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" "
						+ "aria-label=\"clusters done over time, per stage\">",
				WIDTH, HEIGHT));
		axes(svg, top, Duration.ofMillis(span));
		int colour = 0;
		for (Map.Entry<String, List<long[]>> line : lines.entrySet()) {
			String stroke = COLOURS[colour % COLOURS.length];
			svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
				.append(stroke)
				.append("\" points=\"")
				.append(points(line.getValue(), span, top))
				.append("\"><title>")
				.append(escape(line.getKey()))
				.append("</title></polyline>");
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" "
							+ "font-size=\"12\">%s</text>",
					LEFT + 10 + colour * 140, HEIGHT - 14, stroke, LEFT + 24 + colour * 140, HEIGHT - 5,
					escape(line.getKey())));
			colour++;
		}
		return svg.append("</svg>").toString();
	}

	/**
	 * Per stage, in the order its first wave committed: (milliseconds since the start,
	 * clusters done by then), a step at each commit.
	 */
	private static Map<String, List<long[]>> lines(List<WaveOutcome> waves, Instant start) {
		Map<String, List<long[]>> lines = new LinkedHashMap<>();
		for (WaveOutcome wave : waves) {
			List<long[]> line = lines.computeIfAbsent(wave.stage(), (stage) -> new ArrayList<>());
			long at = Math.max(0, Duration.between(start, wave.committedAt()).toMillis());
			long before = line.isEmpty() ? 0 : line.get(line.size() - 1)[1];
			line.add(new long[] { at, before });
			line.add(new long[] { at, before + wave.clusters() });
		}
		return lines;
	}

	private static String points(List<long[]> line, long span, long top) {
		StringBuilder points = new StringBuilder();
		for (long[] point : line) {
			points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(point[0], span), y(point[1], top)));
		}
		return points.toString().trim();
	}

	private static void axes(StringBuilder svg, long top, Duration span) {
		int bottom = HEIGHT - BOTTOM;
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#5d6878\"/>"
						+ "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#5d6878\"/>",
				LEFT, TOP, LEFT, bottom, LEFT, bottom, WIDTH - RIGHT, bottom));
		svg.append(String.format(Locale.ROOT,
				"<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%d</text>"
						+ "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">0</text>"
						+ "<text x=\"%d\" y=\"%d\" font-size=\"12\">start</text>"
						+ "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">+%s</text>",
				LEFT - 6, TOP + 10, top, LEFT - 6, bottom, LEFT, bottom + 14, WIDTH - RIGHT, bottom + 14,
				Durations.format(span.truncatedTo(ChronoUnit.SECONDS))));
	}

	private static double x(long millis, long span) {
		return LEFT + (WIDTH - LEFT - RIGHT) * (double) millis / span;
	}

	private static double y(long clusters, long top) {
		return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * (double) clusters / Math.max(1, top);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
