package io.flotilla.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link SandboxFleet} is shaped and how badly it behaves. Everything random about
 * the fleet follows from {@code seed}, so the same options always give the same clusters,
 * versions and failing clusters.
 *
 * @param clusters how many database clusters (StatefulSets) to create
 * @param regions the regions, each served by its own API server and named as a kubeconfig
 * context
 * @param failRate share of clusters whose first restarted pod never becomes ready after a
 * change
 * @param slowRate share of clusters whose pods take ten times {@code podRestart} to
 * restart
 * @param apiErrorRate share of client requests answered with 429 or 500 instead of being
 * served
 * @param podRestart how long one pod takes to restart during a roll; zero rolls instantly
 * @param seed seed of everything random
 * @param directory where the kubeconfig is written
 * @param podRestartTail zero for pod restarts that all take {@code podRestart}; longer
 * than {@code podRestart}, each pod restart is drawn from a lognormal distribution with
 * median {@code podRestart} and 99.9th percentile {@code podRestartTail}, capped there
 * @param apiLatencyRate share of client requests whose answer is delayed by
 * {@code apiLatency}
 * @param apiLatency how long a delayed answer is held back
 */
public record SandboxOptions(int clusters, List<String> regions, double failRate, double slowRate, double apiErrorRate,
		Duration podRestart, long seed, Path directory, Duration podRestartTail, double apiLatencyRate,
		Duration apiLatency) {

	private static final List<String> KNOWN_REGIONS = List.of("us-east-1", "eu-west-1", "ap-south-1", "us-west-2",
			"eu-central-1", "ap-northeast-1", "sa-east-1", "ca-central-1", "ap-southeast-2", "eu-north-1");

	public SandboxOptions {
		if (clusters < 0) {
			throw new IllegalArgumentException("clusters must not be negative, was " + clusters);
		}
		Objects.requireNonNull(regions, "regions");
		if (regions.isEmpty()) {
			throw new IllegalArgumentException("at least one region is needed");
		}
		if (new HashSet<>(regions).size() != regions.size()) {
			throw new IllegalArgumentException("region names must be unique: " + regions);
		}
		regions = List.copyOf(regions);
		requireShare("failRate", failRate);
		requireShare("slowRate", slowRate);
		requireShare("apiErrorRate", apiErrorRate);
		Objects.requireNonNull(podRestart, "podRestart");
		if (podRestart.isNegative()) {
			throw new IllegalArgumentException("podRestart must not be negative, was " + podRestart);
		}
		Objects.requireNonNull(directory, "directory");
		podRestartTail = (podRestartTail != null) ? podRestartTail : Duration.ZERO;
		if (podRestartTail.isNegative()) {
			throw new IllegalArgumentException("podRestartTail must not be negative, was " + podRestartTail);
		}
		requireShare("apiLatencyRate", apiLatencyRate);
		Objects.requireNonNull(apiLatency, "apiLatency");
		if (apiLatency.isNegative()) {
			throw new IllegalArgumentException("apiLatency must not be negative, was " + apiLatency);
		}
	}

	/**
	 * Options whose pod restarts all take {@code podRestart} and whose API answers are
	 * never held back.
	 */
	public SandboxOptions(int clusters, List<String> regions, double failRate, double slowRate, double apiErrorRate,
			Duration podRestart, long seed, Path directory) {
		this(clusters, regions, failRate, slowRate, apiErrorRate, podRestart, seed, directory, Duration.ZERO, 0.0,
				Duration.ZERO);
	}

	/**
	 * A hundred clusters in three regions, a few failing and slow ones, no API errors,
	 * two-second pod restarts.
	 */
	public static SandboxOptions defaults() {
		return new SandboxOptions(100, regions(3), 0.02, 0.05, 0.0, Duration.ofSeconds(2), 42L,
				Path.of(System.getProperty("java.io.tmpdir"), "flotilla-sandbox"));
	}

	/**
	 * The first {@code count} region names: real-looking ones while they last, then
	 * {@code region-N}.
	 */
	public static List<String> regions(int count) {
		if (count < 1) {
			throw new IllegalArgumentException("at least one region is needed, was " + count);
		}
		List<String> names = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			names.add((i < KNOWN_REGIONS.size()) ? KNOWN_REGIONS.get(i) : "region-" + (i + 1));
		}
		return names;
	}

	public SandboxOptions withClusters(int clusters) {
		return new SandboxOptions(clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency);
	}

	public SandboxOptions withRegions(List<String> regions) {
		return new SandboxOptions(this.clusters, regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency);
	}

	public SandboxOptions withRegionCount(int count) {
		return withRegions(regions(count));
	}

	public SandboxOptions withFailRate(double failRate) {
		return new SandboxOptions(this.clusters, this.regions, failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency);
	}

	public SandboxOptions withSlowRate(double slowRate) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency);
	}

	public SandboxOptions withApiErrorRate(double apiErrorRate) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency);
	}

	public SandboxOptions withPodRestart(Duration podRestart) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency);
	}

	public SandboxOptions withSeed(long seed) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency);
	}

	public SandboxOptions withDirectory(Path directory) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency);
	}

	private static void requireShare(String name, double value) {
		if (!(value >= 0.0 && value <= 1.0)) {
			throw new IllegalArgumentException(name + " must be between 0 and 1, was " + value);
		}
	}

	public SandboxOptions withPodRestartTail(Duration podRestartTail) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, podRestartTail, this.apiLatencyRate, this.apiLatency);
	}

	public SandboxOptions withApiLatencyRate(double apiLatencyRate) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, apiLatencyRate, this.apiLatency);
	}

	public SandboxOptions withApiLatency(Duration apiLatency) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, apiLatency);
	}

}
