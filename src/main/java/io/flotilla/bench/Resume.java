package io.flotilla.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flotilla.bench.BenchReport.Figure;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import tools.jackson.databind.JsonNode;

/**
 * Part 5: a server in a child JVM killed with SIGKILL in the middle of a wave, and a new
 * one started on the same database: how long until it sends its first new PATCH, and
 * until the release's progress is back where the dead server had taken it (every cluster
 * it had patched recorded as done).
 */
final class Resume {

	private Resume() {
	}

	static void measure(BenchOptions options, Scale.Say say, List<Figure> figures) throws Exception {
		boolean quick = options.mode().equals("quick");
		int clusters = quick ? 150 : 1000;
		Duration podRestart = Duration.ofMillis(quick ? 200 : 500);
		Path directory = options.directory().resolve("resume");
		say.say("5. resume: %d clusters, pod restarts %d ms, parallelism 10, waves of 50; SIGKILL mid-wave", clusters,
				podRestart.toMillis());
		SandboxOptions sandbox = SandboxOptions.defaults()
			.withClusters(clusters)
			.withRegionCount(1)
			.withFailRate(0)
			.withSlowRate(0)
			.withPodRestart(podRestart)
			.withDirectory(directory.resolve("sandbox"));
		try (SandboxFleet fleet = SandboxFleet.start(sandbox)) {
			int port = Scale.freePort();
			HttpApi api = new HttpApi("http://127.0.0.1:" + port, ChildJvm.adminPasswordFile(directory));
			int committedAtKill;
			Set<String> patchedAtKill;
			try (ChildJvm a = ChildJvm.server(List.of(), fleet.kubeconfig(), directory, port, "server-a")) {
				api.awaitUp(Duration.ofMinutes(2), a::isAlive);
				api.start("resume", Plans.oneStage("resume", "95.1", fleet.contexts(), 50, 10));
				int done = 0;
				while (done < clusters / 3) {
					Thread.sleep(100);
					done = HttpApi.done(api.status("resume"));
				}
				// in the middle of the next wave
				Thread.sleep(podRestart.toMillis() + 200);
				committedAtKill = HttpApi.done(api.status("resume"));
				patchedAtKill = Set.copyOf(fleet.patchCounts().keySet());
				a.kill();
			}
			say.say("   killed with %d clusters recorded done and %d patched", committedAtKill, patchedAtKill.size());
			Instant restarted = Instant.now();
			long t0 = System.nanoTime();
			try (ChildJvm b = ChildJvm.server(List.of(), fleet.kubeconfig(), directory, port, "server-b")) {
				api.awaitUp(Duration.ofMinutes(2), b::isAlive);
				Duration up = Duration.ofNanos(System.nanoTime() - t0);
				Duration caughtUp = null;
				String state = null;
				long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
				while (System.nanoTime() < deadline) {
					JsonNode status = api.status("resume");
					if (caughtUp == null && HttpApi.done(status) >= patchedAtKill.size()) {
						caughtUp = Duration.ofNanos(System.nanoTime() - t0);
					}
					state = status.get("state").asString();
					if (state.equals("COMPLETED") || state.equals("FAILED")) {
						break;
					}
					Thread.sleep(50);
				}
				Instant firstNewPatch = null;
				int twice = 0;
				for (Map.Entry<String, Integer> count : fleet.patchCounts().entrySet()) {
					twice += (count.getValue() > 1) ? 1 : 0;
					if (!patchedAtKill.contains(count.getKey())) {
						String[] key = count.getKey().split("/");
						Instant at = fleet.firstPatchAt(key[0], key[1], key[2]);
						if (at != null && (firstNewPatch == null || at.isBefore(firstNewPatch))) {
							firstNewPatch = at;
						}
					}
				}
				Duration toPatch = (firstNewPatch != null) ? Duration.between(restarted, firstNewPatch) : null;
				say.say("   new JVM: API up after %s, first new PATCH after %s, progress back after %s; release %s,"
						+ " %d clusters patched more than once", Bench.seconds(up),
						(toPatch != null) ? Bench.seconds(toPatch) : "-",
						(caughtUp != null) ? Bench.seconds(caughtUp) : "-", state, twice);
				figures.add(Figure
					.of("5", "resume: new JVM start to first new PATCH",
							(toPatch != null) ? Bench.seconds(toPatch) : "none")
					.withTarget("< 10 s", toPatch != null && toPatch.compareTo(Duration.ofSeconds(10)) < 0)
					.withNote(String
						.format("SIGKILL with %d of %d clusters recorded done and %d patched; the new JVM (same embedded"
								+ " PostgreSQL data directory, whose orphaned server it stops first) answered its API"
								+ " after %s; release ended %s with %d clusters patched more than once",
								committedAtKill, clusters, patchedAtKill.size(), Bench.seconds(up), state, twice)));
				figures.add(Figure
					.of("5", "resume: new JVM start to progress back where it was",
							(caughtUp != null) ? Bench.seconds(caughtUp) : "never")
					.withTarget("< 10 s", caughtUp != null && caughtUp.compareTo(Duration.ofSeconds(10)) < 0)
					.withNote("progress back = clusters recorded done >= clusters the killed server had patched ("
							+ patchedAtKill.size() + ")"));
				b.stop();
			}
		}
	}

}
