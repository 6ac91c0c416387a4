package io.flotilla.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * What a region's clusters show of their health, worked out from the simulated state on
 * every request and never stored: Prometheus metrics at {@code GET /metrics}, and pods
 * and their logs through the Kubernetes API ({@code GET .../namespaces/NS/pods},
 * {@code .../pods/POD}, {@code .../pods/POD/log}). A cluster that breaks at its version
 * (see {@link SandboxOptions.Breaks}) looks healthy until {@code breakAfter} after it
 * turned Ready; then its error counter rises, its pods log logical errors and its first
 * pod restarts, again every {@code breakAfter} (at least every second).
 */
final class ClusterSignals {

	static final String METRICS_PATH = "/metrics";

	/** Errors a broken cluster counts per second. */
	static final int ERRORS_PER_SECOND = 5;

	/** Errors a healthy cluster counts per minute. */
	static final int HEALTHY_ERRORS_PER_MINUTE = 0;

	static final int QUERIES_PER_SECOND = 20;

	private static final int MAX_LOG_LINES = 1000;

	private static final Duration LOG_WINDOW = Duration.ofMinutes(10);

	private static final Pattern PODS = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods(?:/([^/]+)(/log)?)?$");

	private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy.MM.dd HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	private final String region;

	private final Map<String, SimulatedCluster> clusters;

	private final Function<String, SimulatedStatefulSet.Pods> pods;

	private final SandboxOptions.Breaks breaks;

	private final long seed;

	private final Duration breakAfter;

	private final Duration restartEvery;

	private final Instant started = Instant.now();

	/**
	 * @param clusters every cluster of the fleet by {@code namespace/name}; only this
	 * region's are served
	 * @param pods the simulated pods of a StatefulSet by {@code namespace/name}
	 */
	ClusterSignals(String region, Map<String, SimulatedCluster> clusters,
			Function<String, SimulatedStatefulSet.Pods> pods, SandboxOptions options) {
		this.region = region;
		this.clusters = clusters;
		this.pods = pods;
		this.breaks = options.breaks();
		this.seed = options.seed();
		this.breakAfter = options.breakAfter();
		this.restartEvery = (options.breakAfter().compareTo(Duration.ofSeconds(1)) < 0) ? Duration.ofSeconds(1)
				: options.breakAfter();
	}

	/**
	 * The answer to a request this serves, or null for the store to answer.
	 */
	MockResponse answer(RecordedRequest request) {
		if (request.method() != HttpMethod.GET) {
			return null;
		}
		String full = request.getPath();
		int question = full.indexOf('?');
		String path = (question < 0) ? full : full.substring(0, question);
		Map<String, String> query = query((question < 0) ? "" : full.substring(question + 1));
		if (path.equals(METRICS_PATH)) {
			return new MockResponse().setResponseCode(200)
				.setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
				.setBody(metrics(Instant.now()));
		}
		Matcher matcher = PODS.matcher(path);
		if (!matcher.matches() || "true".equals(query.get("watch"))) {
			return null;
		}
		String namespace = matcher.group(1);
		Instant now = Instant.now();
		if (matcher.group(2) == null) {
			return json(new PodListBuilder().withMetadata(new ListMetaBuilder().withResourceVersion("1").build())
				.withItems(pods(namespace, query.get("labelSelector"), now))
				.build());
		}
		Pod pod = pod(namespace, matcher.group(2), now);
		if (pod == null) {
			return notFound(namespace, matcher.group(2));
		}
		if (matcher.group(3) == null) {
			return json(pod);
		}
		return new MockResponse().setResponseCode(200)
			.setHeader("Content-Type", "text/plain")
			.setBody(log(namespace, matcher.group(2), query, now));
	}

	/**
	 * Every cluster of the region in Prometheus' text format.
	 */
	String metrics(Instant now) {
		List<String> errors = new ArrayList<>();
		List<String> queries = new ArrayList<>();
		List<String> versions = new ArrayList<>();
		for (SimulatedCluster cluster : this.clusters.values()) {
			if (!cluster.region().equals(this.region)) {
				continue;
			}
			State state = state(cluster, now);
			String labels = "{namespace=\"" + cluster.namespace() + "\",name=\"" + cluster.name() + "\"}";
			errors.add("clickhouse_errors_total" + labels + " " + state.errors(now));
			queries.add("clickhouse_queries_total" + labels + " "
					+ Duration.between(this.started, now).toMillis() * QUERIES_PER_SECOND / 1000);
			versions.add("clickhouse_version_info{namespace=\"" + cluster.namespace() + "\",name=\"" + cluster.name()
					+ "\",version=\"" + state.pods.currentVersion() + "\"} 1");
		}
		StringBuilder text = new StringBuilder();
		family(text, "clickhouse_errors_total", "counter", "Errors the database counted (system.errors), per cluster",
				errors);
		family(text, "clickhouse_queries_total", "counter", "Queries the database served, per cluster", queries);
		family(text, "clickhouse_version_info", "gauge", "The version every pod of the cluster runs", versions);
		return text.toString();
	}

	private static void family(StringBuilder text, String name, String type, String help, List<String> lines) {
		text.append("# HELP ").append(name).append(' ').append(help).append('\n');
		text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
		lines.forEach((line) -> text.append(line).append('\n'));
	}

	private List<Pod> pods(String namespace, String selector, Instant now) {
		List<Pod> found = new ArrayList<>();
		for (SimulatedCluster cluster : this.clusters.values()) {
			if (!cluster.namespace().equals(namespace) || !cluster.region().equals(this.region)) {
				continue;
			}
			State state = state(cluster, now);
			for (int ordinal = 0; ordinal < state.pods.replicas(); ordinal++) {
				Pod pod = pod(cluster, state, ordinal, now);
				if (matches(pod.getMetadata().getLabels(), selector)) {
					found.add(pod);
				}
			}
		}
		return found;
	}

	private Pod pod(String namespace, String podName, Instant now) {
		int dash = podName.lastIndexOf('-');
		if (dash < 1 || !podName.substring(dash + 1).matches("\\d{1,4}")) {
			return null;
		}
		SimulatedCluster cluster = cluster(namespace, podName.substring(0, dash));
		if (cluster == null) {
			return null;
		}
		State state = state(cluster, now);
		int ordinal = Integer.parseInt(podName.substring(dash + 1));
		return (ordinal < state.pods.replicas()) ? pod(cluster, state, ordinal, now) : null;
	}

	private Pod pod(SimulatedCluster cluster, State state, int ordinal, Instant now) {
		String name = cluster.name() + "-" + ordinal;
		boolean ready = ordinal != state.pods.down();
		int restarts = (ordinal == 0) ? state.restarts(now) : 0;
		String version = state.pods.versionOf(ordinal);
		String since = state.podStart(ordinal).toString();
		Instant lastRestart = (restarts > 0) ? state.lastRestart(now) : null;
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put(ClusterManifests.NAME_LABEL, ClusterManifests.CONTAINER);
		labels.put("app.kubernetes.io/instance", cluster.name());
		labels.put("statefulset.kubernetes.io/pod-name", name);
		labels.put("apps.kubernetes.io/pod-index", Integer.toString(ordinal));
		return new PodBuilder().withNewMetadata()
			.withName(name)
			.withNamespace(cluster.namespace())
			.withLabels(labels)
			.withResourceVersion("1")
			.addNewOwnerReference()
			.withApiVersion("apps/v1")
			.withKind("StatefulSet")
			.withName(cluster.name())
			.withController(true)
			.endOwnerReference()
			.endMetadata()
			.withNewSpec()
			.addNewContainer()
			.withName(ClusterManifests.CONTAINER)
			.withImage(ClusterManifests.IMAGE + ":" + version)
			.endContainer()
			.endSpec()
			.withNewStatus()
			.withPhase("Running")
			.withStartTime(since)
			.addNewCondition()
			.withType("Ready")
			.withStatus(ready ? "True" : "False")
			.endCondition()
			.addNewContainerStatus()
			.withName(ClusterManifests.CONTAINER)
			.withImage(ClusterManifests.IMAGE + ":" + version)
			.withReady(ready)
			.withStarted(ready)
			.withRestartCount(restarts)
			.withNewState()
			.withNewRunning()
			.withStartedAt((lastRestart != null) ? lastRestart.toString() : since)
			.endRunning()
			.endState()
			.withLastState((lastRestart != null) ? lastState(state.runBefore(now, ordinal), lastRestart) : null)
			.endContainerStatus()
			.endStatus()
			.build();
	}

	/**
	 * What the kubelet keeps of a restarted container's last run, as health checks read
	 * it: the run ended when the container started again.
	 */
	private static ContainerState lastState(Instant runStart, Instant lastRestart) {
		return new ContainerStateBuilder().withNewTerminated()
			.withExitCode(1)
			.withReason("Error")
			.withStartedAt(runStart.toString())
			.withFinishedAt(lastRestart.toString())
			.endTerminated()
			.build();
	}

	private String log(String namespace, String podName, Map<String, String> query, Instant now) {
		SimulatedCluster cluster = cluster(namespace, podName.substring(0, podName.lastIndexOf('-')));
		State state = state(cluster, now);
		int ordinal = Integer.parseInt(podName.substring(podName.lastIndexOf('-') + 1));
		String version = state.pods.versionOf(ordinal);
		Instant podStart = state.podStart(ordinal);
		Instant from = latest(podStart, now.minus(LOG_WINDOW));
		if (query.containsKey("sinceSeconds")) {
			from = latest(from, now.minusSeconds(parseLong(query.get("sinceSeconds"), 0)));
		}
		if (query.containsKey("sinceTime")) {
			try {
				from = latest(from, Instant.parse(query.get("sinceTime")));
			}
			catch (DateTimeParseException ex) {
				// ignored, as an unreadable option in a log request is
			}
		}
		int tail = (int) Math.min(MAX_LOG_LINES, parseLong(query.get("tailLines"), MAX_LOG_LINES));
		Deque<String> lines = new ArrayDeque<>();
		if (!podStart.isBefore(from)) {
			add(lines, tail, line(podStart, 1, "", "Information", "Application",
					"Starting ClickHouse " + version + " (revision: 54499, build type: Release)"));
		}
		Instant brokenSince = state.brokenSince();
		long thread = 100 + ordinal;
		for (long second = from.getEpochSecond() + 1; second <= now.getEpochSecond(); second++) {
			Instant at = Instant.ofEpochSecond(second);
			if (brokenSince != null && !at.isBefore(brokenSince)) {
				add(lines, tail,
						line(at, thread, "{" + queryId(cluster, second) + "}", "Error", "executeQuery",
								"Code: 49. DB::Exception: Logical error: 'Bad cast from type DB::ColumnString to "
										+ "DB::ColumnVector<UInt64>'. (LOGICAL_ERROR) (version " + version + ")"));
			}
			else if (second % 10 == 0) {
				add(lines, tail, line(at, thread, "", "Information", "default.events (MergerMutator)",
						"Merged 6 parts: all_" + second % 1000 + "_" + (second % 1000 + 5) + "_1"));
			}
		}
		return String.join("", lines);
	}

	private static void add(Deque<String> lines, int tail, String line) {
		lines.addLast(line);
		while (lines.size() > tail) {
			lines.removeFirst();
		}
	}

	private static String line(Instant at, long thread, String queryId, String level, String source, String message) {
		return LOG_TIME.format(at) + " [ " + thread + " ] " + (queryId.isEmpty() ? "{}" : queryId) + " <" + level + "> "
				+ source + ": " + message + "\n";
	}

	private String queryId(SimulatedCluster cluster, long second) {
		return String.format("%08x-%04x", (cluster.key().hashCode() ^ second) & 0xffffffffL, second & 0xffff);
	}

	private SimulatedCluster cluster(String namespace, String name) {
		SimulatedCluster cluster = this.clusters.get(namespace + "/" + name);
		return (cluster != null && cluster.region().equals(this.region)) ? cluster : null;
	}

	private State state(SimulatedCluster cluster, Instant now) {
		SimulatedStatefulSet.Pods pods = this.pods.apply(cluster.key());
		if (pods == null) {
			pods = new SimulatedStatefulSet.Pods(cluster.replicas(), cluster.replicas(), -1, cluster.version(),
					cluster.version(), null);
		}
		boolean breaking = pods.readyAt() != null && pods.settled()
				&& this.breaks.breaks(this.seed, cluster.namespace(), cluster.name(), pods.currentVersion());
		Instant brokenSince = breaking ? pods.readyAt().plus(this.breakAfter) : null;
		return new State(pods, (brokenSince != null && !now.isBefore(brokenSince)) ? brokenSince : null);
	}

	/**
	 * One cluster's pods, and since when it shows it is broken (null while it does not).
	 */
	private final class State {

		private final SimulatedStatefulSet.Pods pods;

		private final Instant brokenSince;

		State(SimulatedStatefulSet.Pods pods, Instant brokenSince) {
			this.pods = pods;
			this.brokenSince = brokenSince;
		}

		Instant brokenSince() {
			return this.brokenSince;
		}

		long errors(Instant now) {
			long healthy = Duration.between(ClusterSignals.this.started, now).toSeconds() * HEALTHY_ERRORS_PER_MINUTE
					/ 60;
			return healthy + ((this.brokenSince != null)
					? Duration.between(this.brokenSince, now).toMillis() * ERRORS_PER_SECOND / 1000 + 1 : 0);
		}

		int restarts(Instant now) {
			if (this.brokenSince == null) {
				return 0;
			}
			return 1 + (int) (Duration.between(this.brokenSince, now).toMillis()
					/ ClusterSignals.this.restartEvery.toMillis());
		}

		/**
		 * When the latest of {@link #restarts(Instant)} happened; only while broken.
		 */
		Instant lastRestart(Instant now) {
			return this.brokenSince.plusMillis((restarts(now) - 1) * ClusterSignals.this.restartEvery.toMillis());
		}

		/**
		 * When the run that {@link #lastRestart(Instant)} ended had started.
		 */
		Instant runBefore(Instant now, int ordinal) {
			return (restarts(now) > 1) ? lastRestart(now).minus(ClusterSignals.this.restartEvery) : podStart(ordinal);
		}

		Instant podStart(int ordinal) {
			Instant readyAt = this.pods.readyAt();
			return (readyAt != null) ? readyAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
					: ClusterSignals.this.started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		}

	}

	private static Instant latest(Instant one, Instant other) {
		return one.isAfter(other) ? one : other;
	}

	private static long parseLong(String text, long otherwise) {
		try {
			return (text != null) ? Long.parseLong(text) : otherwise;
		}
		catch (NumberFormatException ex) {
			return otherwise;
		}
	}

	/**
	 * Whether labels match a selector of equality terms ({@code k=v}, {@code k==v},
	 * {@code k!=v}), existence terms ({@code k}, {@code !k}); a term of another form
	 * ({@code k in (a,b)}) matches nothing. No selector matches everything.
	 */
	static boolean matches(Map<String, String> labels, String selector) {
		if (selector == null || selector.isBlank()) {
			return true;
		}
		for (String term : selector.split(",")) {
			String t = term.trim();
			if (t.contains("(") || t.contains(")") || t.contains(" ")) {
				return false;
			}
			int notEquals = t.indexOf("!=");
			int equals = t.indexOf('=');
			if (notEquals > 0) {
				if (t.substring(notEquals + 2).equals(labels.get(t.substring(0, notEquals)))) {
					return false;
				}
			}
			else if (equals > 0) {
				String value = t.substring(t.startsWith("=", equals + 1) ? equals + 2 : equals + 1);
				if (!value.equals(labels.get(t.substring(0, equals)))) {
					return false;
				}
			}
			else if (t.startsWith("!")) {
				if (labels.containsKey(t.substring(1))) {
					return false;
				}
			}
			else if (!labels.containsKey(t)) {
				return false;
			}
		}
		return true;
	}

	private static Map<String, String> query(String text) {
		Map<String, String> query = new HashMap<>();
		for (String pair : text.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String key = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
			String value = (equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			query.put(key, value);
		}
		return query;
	}

	private static MockResponse json(Object body) {
		return new MockResponse().setResponseCode(200)
			.setHeader("Content-Type", "application/json")
			.setBody(Serialization.asJson(body));
	}

	private static MockResponse notFound(String namespace, String pod) {
		return new MockResponse().setResponseCode(404)
			.setHeader("Content-Type", "application/json")
			.setBody(Serialization.asJson(new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Failure")
				.withCode(404)
				.withReason("NotFound")
				.withMessage("pods \"" + pod + "\" not found in namespace " + namespace)
				.build()));
	}

}
