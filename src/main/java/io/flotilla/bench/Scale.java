package io.flotilla.bench;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.flotilla.bench.BenchReport.Figure;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;

/**
 * Part 3: peak heap and resident set size of {@code plan show} and of a server running a
 * full release, each in a child JVM capped at 512 MiB of heap, against a sandbox fleet in
 * this JVM.
 */
final class Scale {

	static final String MAX_HEAP = "-Xmx512m";

	private Scale() {
	}

	interface Say {

		void say(String format, Object... arguments);

	}

	static void measure(BenchOptions options, Say say, List<Figure> figures) throws Exception {
		for (int clusters : options.scaleClusters()) {
			Path directory = options.directory().resolve("scale-" + clusters);
			say.say("3. scale: %d clusters", clusters);
			long fillStart = System.nanoTime();
			SandboxOptions sandbox = SandboxOptions.defaults()
				.withClusters(clusters)
				.withRegionCount(10)
				.withFailRate(0)
				.withSlowRate(0)
				.withPodRestart(Duration.ZERO)
				.withDirectory(directory.resolve("sandbox"));
			try (SandboxFleet fleet = SandboxFleet.start(sandbox)) {
				say.say("   sandbox of %d clusters filled in %s", clusters,
						Bench.seconds(Duration.ofNanos(System.nanoTime() - fillStart)));
				Path plan = directory.resolve("plan.yaml");
				Files.writeString(plan, Plans.oneStage("scale", "94.1", fleet.contexts(), 500, 50));
				long start = System.nanoTime();
				try (ChildJvm show = ChildJvm.start(List.of(MAX_HEAP),
						List.of("plan", "show", plan.toString(), "--kubeconfig", fleet.kubeconfig().toString()),
						directory, "plan-show")) {
					int exit = show.waitFor(Duration.ofMinutes(20));
					report(figures, "plan show, " + clusters + " clusters", show.peaks(), exit, true,
							Duration.ofNanos(System.nanoTime() - start), say);
				}
				if (options.scaleRelease()) {
					release(fleet, plan, clusters, directory, figures, say);
				}
			}
		}
	}

	private static void release(SandboxFleet fleet, Path plan, int clusters, Path directory, List<Figure> figures,
			Say say) throws Exception {
		int port = freePort();
		long start = System.nanoTime();
		try (ChildJvm server = ChildJvm.server(List.of(MAX_HEAP), fleet.kubeconfig(), directory, port, "server")) {
			HttpApi api = new HttpApi("http://127.0.0.1:" + port, ChildJvm.adminPasswordFile(directory));
			api.awaitUp(Duration.ofMinutes(2), server::isAlive);
			api.start("scale", Files.readString(plan));
			String state = api.awaitEnd("scale", Duration.ofHours(3));
			server.stop();
			report(figures, "server, full release (" + state + "), " + clusters + " clusters", server.peaks(), 0,
					"COMPLETED".equals(state), Duration.ofNanos(System.nanoTime() - start), say);
		}
	}

	private static void report(List<Figure> figures, String name, long[] peaks, int exit, boolean ranToEnd,
			Duration took, Say say) {
		if (peaks == null || exit != 0) {
			figures.add(Figure.of("3", name + ": peak heap", "failed (exit " + exit + ")")
				.withTarget("< 512 MiB", false)
				.withNote("the child JVM (-Xmx512m) did not end normally; see its log in the bench directory"));
			say.say("   %s: failed, exit %d", name, exit);
			return;
		}
		long inUseMiB = peaks[0] >> 20;
		long afterCollectionMiB = peaks[1] >> 20;
		long rssMiB = peaks[2] >> 10;
		say.say("   %s: heap in use at most %d MiB, after a collection at most %d MiB, VmHWM %d MiB, %s", name,
				inUseMiB, afterCollectionMiB, rssMiB, Bench.seconds(took));
		figures.add(Figure
			.of("3", name + ": heap in use / after a collection / RSS",
					inUseMiB + " MiB / " + afterCollectionMiB + " MiB / " + rssMiB + " MiB")
			.withTarget("< 512 MiB heap", ranToEnd)
			.withNote((ranToEnd ? "ran to its end" : "did NOT run to its end") + " in a child JVM capped at -Xmx512m, "
					+ Bench.seconds(took)
					+ "; heap in use = the most the heap held at once (at the start of a collection, garbage included),"
					+ " after a collection = the most still held after one (an upper bound of the live data), both"
					+ " from the collector's notifications; RSS = VmHWM of /proc/<pid>/status, PostgreSQL's own"
					+ " processes not included"));
	}

	static int freePort() throws java.io.IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
