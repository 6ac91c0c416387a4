package io.flotilla.sandbox;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
 * @param breaks which share of the clusters upgraded to a version breaks quietly there:
 * rolls and turns Ready, then its error counter rises, its pods log logical errors and
 * one of them restarts over and over
 * @param breakAfter how long after turning Ready at a breaking version a cluster shows it
 * is broken
 */
public record SandboxOptions(int clusters, List<String> regions, double failRate, double slowRate, double apiErrorRate,
		Duration podRestart, long seed, Path directory, Duration podRestartTail, double apiLatencyRate,
		Duration apiLatency, Breaks breaks, Duration breakAfter) {

	/** How long a breaking cluster looks healthy after turning Ready, unless told. */
	public static final Duration DEFAULT_BREAK_AFTER = Duration.ofSeconds(30);

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
		breaks = (breaks != null) ? breaks : Breaks.NONE;
		breakAfter = (breakAfter != null) ? breakAfter : DEFAULT_BREAK_AFTER;
		if (breakAfter.isNegative()) {
			throw new IllegalArgumentException("breakAfter must not be negative, was " + breakAfter);
		}
	}

	/**
	 * Options whose pod restarts all take {@code podRestart} and whose API answers are
	 * never held back.
	 */
	public SandboxOptions(int clusters, List<String> regions, double failRate, double slowRate, double apiErrorRate,
			Duration podRestart, long seed, Path directory) {
		this(clusters, regions, failRate, slowRate, apiErrorRate, podRestart, seed, directory, Duration.ZERO, 0.0,
				Duration.ZERO, Breaks.NONE, DEFAULT_BREAK_AFTER);
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
				this.podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency,
				this.breaks, this.breakAfter);
	}

	public SandboxOptions withRegions(List<String> regions) {
		return new SandboxOptions(this.clusters, regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency,
				this.breaks, this.breakAfter);
	}

	public SandboxOptions withRegionCount(int count) {
		return withRegions(regions(count));
	}

	public SandboxOptions withFailRate(double failRate) {
		return new SandboxOptions(this.clusters, this.regions, failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency,
				this.breaks, this.breakAfter);
	}

	public SandboxOptions withSlowRate(double slowRate) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency,
				this.breaks, this.breakAfter);
	}

	public SandboxOptions withApiErrorRate(double apiErrorRate) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency,
				this.breaks, this.breakAfter);
	}

	public SandboxOptions withPodRestart(Duration podRestart) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency,
				this.breaks, this.breakAfter);
	}

	public SandboxOptions withSeed(long seed) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency,
				this.breaks, this.breakAfter);
	}

	public SandboxOptions withDirectory(Path directory) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency,
				this.breaks, this.breakAfter);
	}

	private static void requireShare(String name, double value) {
		if (!(value >= 0.0 && value <= 1.0)) {
			throw new IllegalArgumentException(name + " must be between 0 and 1, was " + value);
		}
	}

	public SandboxOptions withPodRestartTail(Duration podRestartTail) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, podRestartTail, this.apiLatencyRate, this.apiLatency,
				this.breaks, this.breakAfter);
	}

	public SandboxOptions withApiLatencyRate(double apiLatencyRate) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, apiLatencyRate, this.apiLatency,
				this.breaks, this.breakAfter);
	}

	public SandboxOptions withApiLatency(Duration apiLatency) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, apiLatency,
				this.breaks, this.breakAfter);
	}

	public SandboxOptions withBreaks(Breaks breaks) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency,
				breaks, this.breakAfter);
	}

	public SandboxOptions withBreakAfter(Duration breakAfter) {
		return new SandboxOptions(this.clusters, this.regions, this.failRate, this.slowRate, this.apiErrorRate,
				this.podRestart, this.seed, this.directory, this.podRestartTail, this.apiLatencyRate, this.apiLatency,
				this.breaks, breakAfter);
	}

	/**
	 * Whether a cluster upgraded to a version breaks there: a share for any version, and
	 * shares of their own for some versions. Which clusters break follows from the seed
	 * and the cluster's namespace and name alone, so a test can tell which will.
	 *
	 * @param share the share of clusters that break at a version not in
	 * {@code perVersion}
	 * @param perVersion the share that breaks at each of these versions
	 */
	public record Breaks(double share, Map<String, Double> perVersion) {

		/** No cluster breaks. */
		public static final Breaks NONE = new Breaks(0.0, Map.of());

		public Breaks {
			requireShare("breaks", share);
			Objects.requireNonNull(perVersion, "perVersion");
			perVersion.forEach((version, value) -> requireShare("breaks at " + version, value));
			perVersion = Collections.unmodifiableMap(new TreeMap<>(perVersion));
		}

		/**
		 * Reads rules such as {@code 2%}, {@code 0.02}, {@code 25.3=5%} or
		 * {@code 1%,25.3=50%}: a bare share holds for every version, {@code VERSION=P}
		 * for that version only; a later rule for the same version wins.
		 * @throws IllegalArgumentException when a rule is not one of those
		 */
		public static Breaks parse(String text) {
			Objects.requireNonNull(text, "text");
			try {
				return read(text);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("breaks '" + text + "': " + ex.getMessage(), ex);
			}
		}

		private static Breaks read(String text) {
			double share = 0.0;
			Map<String, Double> perVersion = new TreeMap<>();
			for (String rule : text.split(",")) {
				String trimmed = rule.trim();
				if (trimmed.isEmpty()) {
					throw new IllegalArgumentException("an empty rule");
				}
				int equals = trimmed.indexOf('=');
				if (equals < 0) {
					share = parseShare(trimmed);
					continue;
				}
				String version = trimmed.substring(0, equals).trim();
				if (!version.matches("[0-9A-Za-z][0-9A-Za-z._-]*")) {
					throw new IllegalArgumentException(
							"rule '" + trimmed + "' needs a version before '=', e.g. 25.3=2%");
				}
				perVersion.put(version, parseShare(trimmed.substring(equals + 1).trim()));
			}
			return new Breaks(share, perVersion);
		}

		private static double parseShare(String text) {
			boolean percent = text.endsWith("%");
			String number = percent ? text.substring(0, text.length() - 1).trim() : text;
			double value;
			try {
				value = Double.parseDouble(number);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(
						"'" + text + "' is not a share: write 0.02 or 2%, optionally after VERSION=");
			}
			value = percent ? value / 100 : value;
			if (!(value >= 0.0 && value <= 1.0)) {
				throw new IllegalArgumentException(
						"a share of breaking clusters must be between 0 and 1 (0% and 100%)," + " was '" + text + "'");
			}
			return value;
		}

		public boolean any() {
			return this.share > 0 || this.perVersion.values().stream().anyMatch((value) -> value > 0);
		}

		/**
		 * The share of clusters that break at this version.
		 */
		public double shareAt(String version) {
			return this.perVersion.getOrDefault(version, this.share);
		}

		/**
		 * Whether the cluster {@code namespace/name} breaks once upgraded to
		 * {@code version}. For one seed and cluster the draw is the same at every
		 * version, so a cluster that breaks at a share also breaks at any larger one.
		 */
		public boolean breaks(long seed, String namespace, String name, String version) {
			double share = shareAt(version);
			return share > 0 && draw(seed, namespace + "/" + name) < share;
		}

		/**
		 * The rules as {@link #parse} reads them, or {@code 0} for none.
		 */
		@Override
		public String toString() {
			StringBuilder text = new StringBuilder(format(this.share));
			this.perVersion
				.forEach((version, value) -> text.append(',').append(version).append('=').append(format(value)));
			return text.toString();
		}

		private static String format(double share) {
			return BigDecimal.valueOf(share * 100).stripTrailingZeros().toPlainString() + "%";
		}

		/**
		 * A uniform draw in [0, 1) from the seed and the key: FNV-1a, then the SplitMix64
		 * finalizer.
		 */
		static double draw(long seed, String key) {
			long hash = 0xcbf29ce484222325L ^ seed;
			for (int i = 0; i < key.length(); i++) {
				hash = (hash ^ key.charAt(i)) * 0x100000001b3L;
			}
			hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
			hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
			hash = hash ^ (hash >>> 31);
			return (hash >>> 11) * 0x1.0p-53;
		}

	}

}
