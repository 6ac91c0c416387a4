package io.flotilla.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flotilla.bench.BenchReport.Figure;
import io.flotilla.bench.Scale.Say;
import io.flotilla.bench.measure.Percentiles;
import io.flotilla.bench.measure.UpdateDelays;
import io.flotilla.release.ClusterPage;
import io.flotilla.release.EventRecord;
import io.flotilla.release.ReleaseEvent.WaveDone;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.release.StageProgress;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;

/**
 * Part 7: the admin console over a release of many clusters. How long after an event
 * happened a release's live stream tells a page of it, read by a loopback client that
 * stands in for the browser's {@code EventSource}; then, once the release has ended, how
 * long its pages take to answer in full, so that they are measured with every cluster
 * row, wave and event the release left.
 */
final class ConsolePages {

	private static final String ID = "console";

	private static final int WAVE_SIZE = 50;

	private static final int PARALLELISM = 20;

	/**
	 * Enough failed clusters for a filtered page, few enough that their ready timeouts
	 * (each holding its wave back) do not dominate the run.
	 */
	private static final double FAIL_RATE = 0.002;

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(2);

	private static final int WARM_UPS = 5;

	private static final Duration GOAL = Duration.ofMillis(200);

	private ConsolePages() {
	}

	static void measure(BenchOptions options, Say say, List<Figure> figures) throws Exception {
		int clusters = options.consoleClusters();
		Path directory = options.directory().resolve("console");
		say.say("7. console: a release of %d clusters in waves of %d, its live updates, then its pages", clusters,
				WAVE_SIZE);
		SandboxOptions sandbox = SandboxOptions.defaults()
			.withClusters(clusters)
			.withFailRate(FAIL_RATE)
			.withSlowRate(0)
			.withPodRestart(Duration.ZERO)
			.withDirectory(directory.resolve("sandbox"));
		try (SandboxFleet fleet = SandboxFleet.start(sandbox);
				InProcessServer server = InProcessServer.start(directory, fleet.kubeconfig())) {
			HttpApi api = new HttpApi(server.url(), ChildJvm.adminPasswordFile(directory));
			api.awaitUp(Duration.ofMinutes(1), () -> true);
			UpdateDelays delays = new UpdateDelays();
			ReleaseStatus end = releaseWatched(server, api, fleet.contexts(), delays);
			int failed = end.stages().stream().mapToInt(StageProgress::failed).sum();
			List<EventRecord> events = server.releases().events(ID);
			long waves = events.stream().filter((event) -> WaveDone.KIND.equals(event.kind())).count();
			String release = String.format("%d clusters in %d groups (%d failed), %d waves, %d events, %s", clusters,
					fleet.contexts().size(), failed, waves, events.size(), end.state());
			say.say("   release: %s", release);
			updateFigure(delays.delays(), release, say, figures);
			pageFigures(api, clusters, options.consoleRequests(), release, say, figures);
		}
	}

	/**
	 * Starts the release, opens its page's stream right after and reads it until the
	 * release has ended and its last update has had a second to arrive.
	 */
	private static ReleaseStatus releaseWatched(InProcessServer server, HttpApi api, List<String> contexts,
			UpdateDelays delays) throws Exception {
		server.releases()
			.start(ID + ".yaml", Plans.groupPerContext(ID, "95.1", contexts, WAVE_SIZE, PARALLELISM, READY_TIMEOUT), ID,
					Bench.BENCH);
		InputStream stream = api.eventStream("/console/releases/" + ID + "/stream");
		Thread reader = new Thread(() -> read(stream, delays), "console-stream");
		reader.setDaemon(true);
		reader.start();
		try {
			ReleaseStatus end = Bench.awaitEnd(server.releases(), ID, Duration.ofMinutes(30));
			Thread.sleep(1000);
			return end;
		}
		finally {
			stream.close();
			reader.join(5000);
		}
	}

	private static void read(InputStream stream, UpdateDelays delays) {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				delays.line(line, Instant.now());
			}
		}
		catch (IOException ex) {
			// the bench closed the stream
		}
	}

	private static void updateFigure(List<Duration> delays, String release, Say say, List<Figure> figures) {
		Percentiles percentiles = new Percentiles(delays);
		String value = millis(percentiles.at(50)) + " / " + millis(percentiles.at(95)) + " / "
				+ millis(percentiles.max());
		say.say("   live update delay, %d updates: median / p95 / max %s", percentiles.count(), value);
		figures.add(Figure
			.of("7", "console: live update delay, " + percentiles.count() + " updates: median / p95 / max", value)
			.withNote("from the instant an event names (taken in the wave's transaction just before commit) to the"
					+ " blank line ending its update on /console/releases/{id}/stream, read line by line by a Java"
					+ " HttpClient in the bench's JVM standing in for the browser's EventSource; one clock; release "
					+ release + ", the stream opened right after the start returned"));
	}

	private static void pageFigures(HttpApi api, int clusters, int requests, String release, Say say,
			List<Figure> figures) throws IOException, InterruptedException {
		String base = "/console/releases/" + ID;
		int deep = Math.min(150, clusters / ClusterPage.Query.DEFAULT_SIZE * 3 / 4);
		Map<String, String> pages = new LinkedHashMap<>();
		pages.put("release page", base);
		pages.put("clusters, first page", base + "/clusters");
		pages.put("clusters, state=FAILED", base + "/clusters?state=FAILED");
		pages.put("clusters, page " + deep, base + "/clusters?page=" + deep);
		for (Map.Entry<String, String> page : pages.entrySet()) {
			Percentiles percentiles = new Percentiles(times(api, page.getValue(), requests));
			String value = millis(percentiles.at(50)) + " / " + millis(percentiles.at(95));
			say.say("   %s (%s): median / p95 %s", page.getKey(), page.getValue(), value);
			String note = page.getValue().equals(base)
					? "GET " + page.getValue() + " with a Bearer token from a loopback HttpClient in the bench's JVM,"
							+ " one request at a time after " + WARM_UPS + " warm-ups: request sent to the last byte"
							+ " of the page read; the server in the same JVM, over the ended release (" + release + ")"
					: "GET " + page.getValue() + ", timed as the release page";
			figures.add(Figure.of("7", "console: " + page.getKey() + ", " + requests + " requests: median / p95", value)
				.withTarget("< 200 ms median", percentiles.at(50).compareTo(GOAL) < 0)
				.withNote(note));
		}
	}

	private static List<Duration> times(HttpApi api, String path, int requests)
			throws IOException, InterruptedException {
		for (int i = 0; i < WARM_UPS; i++) {
			api.page(path);
		}
		List<Duration> times = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			long start = System.nanoTime();
			api.page(path);
			times.add(Duration.ofNanos(System.nanoTime() - start));
		}
		return times;
	}

	private static String millis(Duration duration) {
		return (duration != null) ? String.format("%.1f ms", duration.toNanos() / 1e6) : "-";
	}

}
