package io.flotilla.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * A simulated fleet of database clusters behind real Kubernetes REST APIs, one per
 * region, reachable through the kubeconfig it writes exactly as real clusters are. The
 * fleet lives as long as this object: closing it stops the API servers and releases their
 * ports.
 * <p>
 * Behind each API a controller rolls StatefulSet pods one by one after a pod template
 * change and keeps {@code status} honest, so a client waiting for
 * {@code observedGeneration >= generation && updatedReplicas == replicas && readyReplicas == replicas && currentRevision == updateRevision}
 * sees its change take effect. Some clusters never become ready, some are slow, and a
 * share of client requests fail, as {@link SandboxOptions} asks.
 */
public final class SandboxFleet implements AutoCloseable {

	private static final int CONTROLLER_THREADS = 8;

	private final SandboxOptions options;

	private final List<SimulatedCluster> clusters;

	private final Map<String, Region> regions = new LinkedHashMap<>();

	private final ScheduledExecutorService scheduler;

	private Path kubeconfig;

	private SandboxFleet(SandboxOptions options, List<SimulatedCluster> clusters) {
		this.options = options;
		this.clusters = clusters;
		this.scheduler = new ScheduledThreadPoolExecutor(CONTROLLER_THREADS, new ControllerThreads());
		((ScheduledThreadPoolExecutor) this.scheduler).setRemoveOnCancelPolicy(true);
	}

	/**
	 * Starts an API server per region, fills them with the fleet and starts their
	 * controllers.
	 * @return the running fleet, its kubeconfig already written
	 */
	public static SandboxFleet start(SandboxOptions options) {
		return startWith(options, new FleetGenerator(options).generate());
	}

	/**
	 * Starts a fleet of exactly the given clusters instead of generated ones, one region
	 * per context in the order they first appear; the other options (pod restarts, API
	 * faults, breaks, the seed that picks the breaking clusters) hold as for a generated
	 * fleet, its {@code clusters}, {@code regions}, {@code failRate} and {@code slowRate}
	 * aside.
	 * @throws IllegalArgumentException when there is no cluster, or two share a context,
	 * namespace and name
	 */
	public static SandboxFleet start(SandboxOptions options, List<ClusterShape> shape) {
		List<String> regions = shape.stream().map(ClusterShape::context).distinct().toList();
		if (regions.isEmpty()) {
			throw new IllegalArgumentException("a sandbox of a given shape needs at least one cluster");
		}
		List<SimulatedCluster> clusters = shape.stream().map(SimulatedCluster::of).toList();
		long distinct = clusters.stream().map((cluster) -> cluster.key()).distinct().count();
		if (distinct != clusters.size()) {
			throw new IllegalArgumentException("a sandbox holds one cluster per namespace and name: " + shape);
		}
		return startWith(options.withRegions(regions).withClusters(clusters.size()).withFailRate(0).withSlowRate(0),
				clusters);
	}

	private static SandboxFleet startWith(SandboxOptions options, List<SimulatedCluster> clusters) {
		SandboxFleet fleet = new SandboxFleet(options, clusters);
		try {
			fleet.startRegions();
			fleet.kubeconfig = fleet.writeKubeconfig();
			return fleet;
		}
		catch (RuntimeException ex) {
			fleet.close();
			throw ex;
		}
	}

	/**
	 * The kubeconfig with one context per region, named after it.
	 */
	public Path kubeconfig() {
		return this.kubeconfig;
	}

	public List<String> contexts() {
		return List.copyOf(this.regions.keySet());
	}

	public int clusterCount() {
		return this.clusters.size();
	}

	/**
	 * Takes every region's API server down, each request from a client answered 503, or
	 * brings them back: an outage for the fault tests.
	 */
	public void apiOutage(boolean down) {
		this.regions.values().forEach((region) -> region.dispatcher().setDown(down));
	}

	/**
	 * How many PATCH requests clients sent to a StatefulSet (or any of its subresources)
	 * that reached the API: those answered with an injected error are not counted, the
	 * controller's own status writes never are.
	 */
	public int patchCount(String context, String namespace, String name) {
		return region(context).dispatcher().patchCount(namespace, name);
	}

	/**
	 * When the first PATCH counted by {@link #patchCount(String, String, String)} reached
	 * the API, or null when none did. Kept by the sandbox, so it outlives any client that
	 * sent it.
	 */
	public Instant firstPatchAt(String context, String namespace, String name) {
		return region(context).dispatcher().firstPatchAt(namespace, name);
	}

	/**
	 * Every non-zero {@link #patchCount(String, String, String)}, keyed
	 * {@code context/namespace/name}.
	 */
	public Map<String, Integer> patchCounts() {
		Map<String, Integer> counts = new TreeMap<>();
		this.regions.forEach((context, region) -> region.dispatcher()
			.patchCounts()
			.forEach((key, count) -> counts.put(context + "/" + key, count)));
		return Collections.unmodifiableMap(counts);
	}

	/**
	 * The time of every pod restart the controllers simulated so far, added up per
	 * StatefulSet and keyed {@code context/namespace/name}: the least time each cluster's
	 * rolls took.
	 */
	public Map<String, Duration> restartTimes() {
		Map<String, Duration> times = new TreeMap<>();
		this.regions.forEach((context, region) -> region.restartTimes()
			.forEach((key, time) -> times.put(context + "/" + key, time)));
		return Collections.unmodifiableMap(times);
	}

	/**
	 * How many answers to clients the injected latency held back, over all regions.
	 */
	public int delayedRequests() {
		return this.regions.values().stream().mapToInt((region) -> region.dispatcher().delayedCount()).sum();
	}

	/**
	 * A few lines for a human: each region and its API, the clusters by version, the
	 * faults, the kubeconfig.
	 */
	public String describe() {
		StringBuilder text = new StringBuilder();
		text.append(String.format("Sandbox fleet: %d clusters in %d regions (seed %d)%n", this.clusters.size(),
				this.regions.size(), this.options.seed()));
		Map<String, Long> perRegion = count(SimulatedCluster::region);
		this.regions.values()
			.forEach((region) -> text.append(String.format("  %-16s %-26s %d clusters%n", region.name(), region.url(),
					perRegion.getOrDefault(region.name(), 0L))));
		text.append("Versions: ")
			.append(count(SimulatedCluster::version).entrySet()
				.stream()
				.map((entry) -> entry.getKey() + " x" + entry.getValue())
				.collect(Collectors.joining(", ")))
			.append(String.format("%n"));
		text.append(String.format(
				"Faults: %d clusters never become ready, %d are slow, %.0f%% of API requests fail;"
						+ " a pod restart takes %s%n",
				this.clusters.stream().filter(SimulatedCluster::failing).count(),
				this.clusters.stream().filter(SimulatedCluster::slow).count(), this.options.apiErrorRate() * 100,
				this.options.podRestart().toMillis() + "ms"
						+ (PodRestartTimes.of(this.options.podRestart(), this.options.podRestartTail()).isRandom()
								? " (median; lognormal, tail to " + this.options.podRestartTail().toMillis() + "ms)"
								: "")));
		if (this.options.apiLatencyRate() > 0) {
			text.append(String.format("Latency: %.0f%% of API answers are delayed by %dms%n",
					this.options.apiLatencyRate() * 100, this.options.apiLatency().toMillis()));
		}
		SandboxOptions.Breaks breaks = this.options.breaks();
		if (breaks.any()) {
			String rules = (breaks.share() > 0 || breaks.perVersion().isEmpty())
					? String.format("%s of clusters at any version", percent(breaks.share())) : "";
			String perVersion = breaks.perVersion()
				.entrySet()
				.stream()
				.map((entry) -> percent(entry.getValue()) + " at " + entry.getKey())
				.collect(Collectors.joining(", "));
			text.append(String.format(
					"Breaks: %s break quietly after upgrading: Ready, then %dms later rising"
							+ " clickhouse_errors_total, 'Logical error' in their pods' logs and a restarting pod%n",
					String.join(", ", List.of(rules, perVersion).stream().filter((part) -> !part.isEmpty()).toList()),
					this.options.breakAfter().toMillis()));
		}
		text.append("Metrics: GET <region's API>/metrics (Prometheus text, one line per cluster)")
			.append(String.format("%n"));
		text.append("Kubeconfig: ").append(this.kubeconfig).append(String.format("%n"));
		return text.toString();
	}

	@Override
	public void close() {
		List<RuntimeException> failures = new ArrayList<>();
		this.regions.values().forEach((region) -> {
			try {
				region.close();
			}
			catch (RuntimeException ex) {
				failures.add(ex);
			}
		});
		this.scheduler.shutdownNow();
		if (!failures.isEmpty()) {
			IllegalStateException failure = new IllegalStateException("Could not stop every region");
			failures.forEach(failure::addSuppressed);
			throw failure;
		}
	}

	List<SimulatedCluster> clusters() {
		return this.clusters;
	}

	private void startRegions() {
		Map<String, SimulatedCluster> byKey = this.clusters.stream()
			.collect(Collectors.toMap(SimulatedCluster::key, Function.identity()));
		Map<String, List<SimulatedCluster>> byRegion = this.clusters.stream()
			.collect(Collectors.groupingBy(SimulatedCluster::region));
		for (String name : this.options.regions()) {
			this.regions.put(name,
					Region.start(name, byRegion.getOrDefault(name, List.of()), this.options, this.scheduler, byKey));
		}
	}

	private Path writeKubeconfig() {
		ConfigBuilder config = new ConfigBuilder().withApiVersion("v1")
			.withKind("Config")
			.withCurrentContext(this.options.regions().get(0))
			.addNewUser()
			.withName("sandbox")
			.withNewUser()
			.withToken("sandbox")
			.endUser()
			.endUser();
		this.regions.values()
			.forEach((region) -> config.addNewCluster()
				.withName(region.name())
				.withNewCluster()
				.withServer(region.url())
				.endCluster()
				.endCluster()
				.addNewContext()
				.withName(region.name())
				.withNewContext()
				.withCluster(region.name())
				.withUser("sandbox")
				.endContext()
				.endContext());
		try {
			Files.createDirectories(this.options.directory());
			Path file = this.options.directory().resolve("kubeconfig");
			Files.writeString(file, Serialization.asYaml(config.build()));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the sandbox kubeconfig", ex);
		}
	}

	private Region region(String context) {
		Region region = this.regions.get(context);
		if (region == null) {
			throw new IllegalArgumentException("No region named " + context + "; there are " + contexts());
		}
		return region;
	}

	private static String percent(double share) {
		return java.math.BigDecimal.valueOf(share * 100).stripTrailingZeros().toPlainString() + "%";
	}

	private Map<String, Long> count(Function<SimulatedCluster, String> by) {
		return this.clusters.stream().collect(Collectors.groupingBy(by, TreeMap::new, Collectors.counting()));
	}

	private static final class ControllerThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "sandbox-controller-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
