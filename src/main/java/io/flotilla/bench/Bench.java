package io.flotilla.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.flotilla.account.Actor;
import io.flotilla.bench.BenchReport.Figure;
import io.flotilla.bench.InProcessServer.DatabaseCounters;
import io.flotilla.bench.measure.ListSchedule;
import io.flotilla.bench.measure.LowerBound;
import io.flotilla.bench.measure.Percentiles;
import io.flotilla.release.ReleaseService;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.release.StageProgress;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;

/**
 * Runs the bench: each part against a sandbox fleet started for it, each figure measured
 * beside its baseline in the same run.
 */
public final class Bench {

	/**
	 * Who the bench's releases are started by: it runs its servers in-process and calls
	 * their release service directly, past the API's doors.
	 */
	static final Actor BENCH = Actor.system("bench");

	private final BenchOptions options;

	private final PrintWriter progress;

	private final Set<Integer> parts;

	private final List<Figure> figures = new ArrayList<>();

	private Bench(BenchOptions options, Set<Integer> parts, PrintWriter progress) {
		this.options = options;
		this.progress = progress;
		this.parts = parts;
	}

	/**
	 * @param parts the figures to measure (1 to 8; 1 and 4 come from one release), all of
	 * them when empty
	 */
	public static BenchReport run(BenchOptions options, Set<Integer> parts, PrintWriter progress) throws Exception {
		return new Bench(options, parts, progress).run();
	}

	private boolean runs(int part) {
		return this.parts.isEmpty() || this.parts.contains(part);
	}

	private BenchReport run() throws Exception {
		Instant date = Instant.now();
		emptyDirectory(this.options.directory());
		if (runs(1) || runs(4)) {
			overheadAndDatabaseCost();
		}
		if (runs(2)) {
			makespan();
		}
		if (runs(6)) {
			timers();
			BakeRestart.measure(this.options, this::say, this.figures);
		}
		if (runs(3)) {
			Scale.measure(this.options, this::say, this.figures);
		}
		if (runs(5)) {
			Resume.measure(this.options, this::say, this.figures);
		}
		if (runs(7)) {
			ConsolePages.measure(this.options, this::say, this.figures);
		}
		if (runs(8)) {
			ScheduleFires.measure(this.options, this::say, this.figures);
		}
		return new BenchReport(date, machine(), this.options.mode(), this.figures);
	}

	/**
	 * Parts 1 and 4: a release of every cluster through the in-process server, and the
	 * plain loop over the same fleet; the database counters around the release.
	 */
	private void overheadAndDatabaseCost() throws Exception {
		int clusters = this.options.overheadClusters();
		int parallelism = this.options.overheadParallelism();
		Path directory = this.options.directory().resolve("overhead");
		say("1. orchestration overhead: sandbox of %d clusters, instant readiness, parallelism %d", clusters,
				parallelism);
		SandboxOptions sandbox = SandboxOptions.defaults()
			.withClusters(clusters)
			.withFailRate(0)
			.withSlowRate(0)
			.withPodRestart(Duration.ZERO)
			.withDirectory(directory.resolve("sandbox"));
		long fillStart = System.nanoTime();
		try (SandboxFleet fleet = SandboxFleet.start(sandbox)) {
			say("   sandbox filled in %s", seconds(Duration.ofNanos(System.nanoTime() - fillStart)));
			try (InProcessServer server = InProcessServer.start(directory, fleet.kubeconfig())) {
				// Warm both paths up on the same fleet, then measure each once.
				PlainLoop.upgradeAll(fleet.kubeconfig(), fleet.contexts(), "90.1", parallelism);
				release(server, "warm-up", Plans.oneStage("warm-up", "90.2", fleet.contexts(), 500, parallelism),
						Duration.ofMinutes(30));

				long start = System.nanoTime();
				int plainDone = PlainLoop.upgradeAll(fleet.kubeconfig(), fleet.contexts(), "91.1", parallelism);
				Duration plain = Duration.ofNanos(System.nanoTime() - start);
				say("   plain loop: %d clusters in %s", plainDone, seconds(plain));

				server.flushStatistics();
				DatabaseCounters before = server.counters();
				start = System.nanoTime();
				ReleaseStatus end = release(server, "overhead",
						Plans.oneStage("overhead", "91.2", fleet.contexts(), 500, parallelism), Duration.ofMinutes(30));
				Duration flotilla = Duration.ofNanos(System.nanoTime() - start);
				int upgraded = end.stages().stream().mapToInt(StageProgress::upgraded).sum();
				say("   Flotilla: %d clusters upgraded in %s (%s)", upgraded, seconds(flotilla), end.state());
				server.flushStatistics();
				DatabaseCounters cost = server.counters().minus(before);
				long jobRows = server.jobRepositoryRows("overhead");

				double plainRate = plainDone / seconds(plain.toNanos());
				double flotillaRate = upgraded / seconds(flotilla.toNanos());
				double ratio = flotillaRate / plainRate;
				this.figures.add(Figure
					.of("1", "clusters/s, " + clusters + " clusters, parallelism " + parallelism,
							String.format("%.1f /s", flotillaRate))
					.withBaseline(String.format("%.1f /s plain loop", plainRate)));
				this.figures.add(Figure.of("1", "Flotilla / plain loop", String.format("%.2f", ratio))
					.withTarget(">= 0.80", ratio >= 0.8)
					.withNote(String.format(
							"Flotilla %d clusters in %.1f s (release start to COMPLETED, fleet listing included, waves of 500, one partition);"
									+ " plain loop %d clusters in %.1f s (list, then get + JSON Patch + watch until ready per cluster); %s",
							upgraded, seconds(flotilla.toNanos()), plainDone, seconds(plain.toNanos()),
							"one JVM, same sandbox API servers and client settings, both warmed up by one earlier pass")));
				this.figures.add(Figure
					.of("4", "transactions per cluster upgraded",
							String.format("%.2f", (double) cost.commits() / upgraded))
					.withNote(String.format(
							"pg_stat_database.xact_commit delta %d over the %d-cluster release, including the server's"
									+ " background transactions (Quartz check-ins) in the same %.0f s",
							cost.commits(), upgraded, seconds(flotilla.toNanos()))));
				this.figures.add(Figure
					.of("4", "rows written per cluster upgraded",
							String.format("%.2f", (double) cost.rowsWritten() / upgraded))
					.withNote(String.format("pg_stat_user_tables n_tup_ins %d + n_tup_upd %d + n_tup_del %d",
							cost.inserted(), cost.updated(), cost.deleted())));
				this.figures.add(Figure.of("4", "JobRepository rows per release", Long.toString(jobRows))
					.withNote("rows of batch_job_instance, _execution, _execution_params, _execution_context,"
							+ " batch_step_execution and _step_execution_context for the release's job instance"
							+ " (one stage, one partition, " + end.stages().get(0).waves() + " waves)"));
			}
		}
	}

	/**
	 * Part 2: a release over lognormal pod restarts against the least time any scheduler
	 * with the same parallelism needs for the same pod restarts.
	 */
	private void makespan() throws Exception {
		int clusters = this.options.makespanClusters();
		int parallelism = this.options.makespanParallelism();
		int waveSize = this.options.makespanWaveSize();
		Duration median = scale(Duration.ofSeconds(2));
		Duration tail = scale(Duration.ofSeconds(30));
		Path directory = this.options.directory().resolve("makespan");
		say("2. makespan: %d clusters, pod restarts lognormal median %s tail %s, parallelism %d, waves of %d", clusters,
				seconds(median), seconds(tail), parallelism, waveSize);
		SandboxOptions sandbox = SandboxOptions.defaults()
			.withClusters(clusters)
			.withRegionCount(1)
			.withFailRate(0)
			.withSlowRate(0)
			.withPodRestart(median)
			.withPodRestartTail(tail)
			.withDirectory(directory.resolve("sandbox"));
		try (SandboxFleet fleet = SandboxFleet.start(sandbox);
				InProcessServer server = InProcessServer.start(directory, fleet.kubeconfig())) {
			long start = System.nanoTime();
			ReleaseStatus end = release(server, "makespan",
					Plans.oneStage("makespan", "92.1", fleet.contexts(), waveSize, parallelism), Duration.ofHours(2));
			Duration makespan = Duration.ofNanos(System.nanoTime() - start);
			Map<String, Duration> work = fleet.restartTimes();
			List<Duration> works = new ArrayList<>(work.values());
			Duration bound = LowerBound.of(works, parallelism, Duration.ZERO);
			// The same work cut into the release's waves (clusters in key order, as the
			// planner orders them within a group).
			List<List<Duration>> waves = new ArrayList<>();
			List<Duration> ordered = work.entrySet()
				.stream()
				.sorted(Map.Entry.comparingByKey())
				.map(Map.Entry::getValue)
				.toList();
			for (int i = 0; i < ordered.size(); i += waveSize) {
				waves.add(ordered.subList(i, Math.min(ordered.size(), i + waveSize)));
			}
			Duration barriers = LowerBound.withBarriers(waves, parallelism, Duration.ZERO);
			double ratio = (double) makespan.toNanos() / bound.toNanos();
			say("   makespan %s, lower bound %s, bound with wave barriers %s (%s)", seconds(makespan), seconds(bound),
					seconds(barriers), end.state());
			modelMakespan(waves, parallelism, makespan, bound);
			Duration total = works.stream().reduce(Duration.ZERO, Duration::plus);
			Duration longest = works.stream().max(Comparator.naturalOrder()).orElse(Duration.ZERO);
			this.figures.add(
					Figure
						.of("2", "makespan, " + clusters + " clusters, parallelism " + parallelism + ", waves of "
								+ waveSize, seconds(makespan))
						.withBaseline("lower bound " + seconds(bound)));
			this.figures.add(Figure.of("2", "makespan / lower bound", String.format("%.2f", ratio))
				.withTarget("<= 1.10", ratio <= 1.10)
				.withNote(String.format(
						"pod restarts lognormal, median %s, 99.9th percentile and cap %s (time scale %.1f of 2 s / 30 s);"
								+ " %d clusters rolled, total restart work %s, longest cluster %s; lower bound ="
								+ " max(work / %d, longest) = %s, no bakes; the same work with each wave of %d a barrier"
								+ " cannot take less than %s (%.2f of the bound)",
						seconds(median), seconds(tail), this.options.timeScale(), works.size(), seconds(total),
						seconds(longest), parallelism, seconds(bound), waveSize, seconds(barriers),
						(double) barriers.toNanos() / bound.toNanos())));
		}
	}

	/**
	 * The same work through a model of the scheduling: rolling waves, as built, checked
	 * against the measured makespan, and waves as barriers, as Flotilla scheduled before,
	 * on the very same clusters.
	 */
	private void modelMakespan(List<List<Duration>> waves, int parallelism, Duration measured, Duration bound) {
		Duration rolling = ListSchedule.rolling(waves, parallelism);
		Duration barriers = ListSchedule.withBarriers(waves, parallelism);
		double rollingRatio = (double) rolling.toNanos() / bound.toNanos();
		double barriersRatio = (double) barriers.toNanos() / bound.toNanos();
		say("   model on the same work: rolling waves %s (%.2f of the bound, measured %.2f), waves as barriers %s (%.2f)",
				seconds(rolling), rollingRatio, (double) measured.toNanos() / bound.toNanos(), seconds(barriers),
				barriersRatio);
		this.figures.add(Figure
			.of("2", "model: makespan / lower bound, rolling waves (as built)", String.format("%.2f", rollingRatio))
			.withNote("list scheduling of the recorded restart work in plan order, a slot that comes free taking the"
					+ " next cluster of the same wave or the next; no API, controller or database time, so it should"
					+ " come out a little under the measured ratio"));
		this.figures.add(Figure
			.of("2", "model: makespan / lower bound, waves as barriers (before)", String.format("%.2f", barriersRatio))
			.withNote("not measured: the same list scheduling with each wave starting after the one before ended,"
					+ " as Flotilla scheduled before rolling waves"));
	}

	/**
	 * Part 6: bakes of one second in releases running side by side; how late the next
	 * stage starts against the bake's end.
	 */
	private void timers() throws Exception {
		int releases = this.options.bakeReleases();
		int bakesEach = (this.options.bakes() + releases - 1) / releases;
		Path directory = this.options.directory().resolve("timers");
		say("6. timers: %d bakes of 1 s in %d releases at once", bakesEach * releases, releases);
		SandboxOptions sandbox = SandboxOptions.defaults()
			.withClusters(releases * (bakesEach + 1) * 3)
			.withRegionCount(1)
			.withFailRate(0)
			.withSlowRate(0)
			.withPodRestart(Duration.ZERO)
			.withDirectory(directory.resolve("sandbox"));
		try (SandboxFleet fleet = SandboxFleet.start(sandbox);
				InProcessServer server = InProcessServer.start(directory, fleet.kubeconfig())) {
			List<String> ids = new ArrayList<>();
			for (int r = 0; r < releases; r++) {
				List<String> tenants = new ArrayList<>();
				for (int s = 0; s <= bakesEach; s++) {
					tenants.add(String.format("tenant-%04d", 1 + r * (bakesEach + 1) + s));
				}
				String id = "timers-" + r;
				server.releases()
					.start(id + ".yaml", Plans.bakes(id, "93.1", fleet.contexts(), tenants, Duration.ofSeconds(1)), id,
							BENCH);
				ids.add(id);
			}
			List<Duration> lateness = new ArrayList<>();
			for (String id : ids) {
				awaitEnd(server.releases(), id, Duration.ofMinutes(30));
				lateness.addAll(BakeLateness.of(server.releases().events(id)));
			}
			Percentiles percentiles = new Percentiles(lateness);
			say("   %d bakes: median %s, p99 %s, max %s late", percentiles.count(), millis(percentiles.at(50)),
					millis(percentiles.at(99)), millis(percentiles.max()));
			this.figures.add(Figure
				.of("6", "bake lateness, " + percentiles.count() + " bakes: median / p99 / max",
						millis(percentiles.at(50)) + " / " + millis(percentiles.at(99)) + " / "
								+ millis(percentiles.max()))
				.withNote("from each bake's recorded end (BakeStarted.until) to the next stage's StageStarted event,"
						+ " so it includes the Quartz trigger and the job restart; " + releases
						+ " releases of 1 s bakes running at once"));
		}
	}

	static ReleaseStatus release(InProcessServer server, String id, String plan, Duration timeout)
			throws InterruptedException {
		server.releases().start(id + ".yaml", plan, id, BENCH);
		return awaitEnd(server.releases(), id, timeout);
	}

	static ReleaseStatus awaitEnd(ReleaseService releases, String id, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			ReleaseStatus status = releases.status(id);
			if (status.state().isSettled()) {
				return status;
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("release " + id + " did not end within " + timeout);
	}

	private Duration scale(Duration duration) {
		return Duration.ofNanos((long) (duration.toNanos() * this.options.timeScale()));
	}

	private void say(String format, Object... arguments) {
		this.progress.printf(format + "%n", arguments);
		this.progress.flush();
	}

	static Map<String, String> machine() {
		Map<String, String> machine = new LinkedHashMap<>();
		machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			machine.put("memory", (os.getTotalMemorySize() >> 20) + " MiB");
		}
		machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch"));
		try {
			Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.findFirst()
				.ifPresent((line) -> machine.put("cpu", line.substring(line.indexOf(':') + 1).trim()));
		}
		catch (IOException ex) {
			// not Linux: no CPU model
		}
		return machine;
	}

	static String seconds(Duration duration) {
		return String.format("%.1f s", seconds(duration.toNanos()));
	}

	static double seconds(long nanos) {
		return nanos / 1e9;
	}

	static String millis(Duration duration) {
		return (duration != null) ? duration.toMillis() + " ms" : "-";
	}

	static void emptyDirectory(Path directory) {
		try {
			if (Files.exists(directory)) {
				try (Stream<Path> walk = Files.walk(directory)) {
					for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
						Files.delete(path);
					}
				}
			}
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not empty " + directory, ex);
		}
	}

}
