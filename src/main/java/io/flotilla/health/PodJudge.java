package io.flotilla.health;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.fleet.Fleet;
import io.flotilla.plan.check.LogPatternCheck;
import io.flotilla.plan.check.PodHealthCheck;

/**
 * Judges a {@link PodHealthCheck} and a {@link LogPatternCheck} from the cluster's pods,
 * read through the fleet's client of its context.
 */
final class PodJudge {

	private final Fleet fleet;

	PodJudge(Fleet fleet) {
		this.fleet = fleet;
	}

	Verdict pods(PodHealthCheck check, ClusterView view) {
		String name = check.name();
		String limit = restarts(check.maxRestarts());
		List<Pod> pods;
		try {
			pods = list(view);
		}
		catch (KubernetesClientException | IllegalArgumentException ex) {
			return Verdict.fail(name, "", limit,
					"cannot list the pods of " + view.where() + ": " + Words.reason(ex) + unreadNote(view));
		}
		if (pods.isEmpty()) {
			return Verdict.fail(name, "0 pods", limit, noPods(view));
		}
		List<String> notReady = pods.stream().filter((pod) -> !isReady(pod)).map(PodJudge::nameOf).toList();
		Map<String, Integer> restarted = new LinkedHashMap<>();
		for (Pod pod : pods) {
			int restarts = restartsSince(pod, view.subject().since());
			if (restarts > 0) {
				restarted.put(nameOf(pod), restarts);
			}
		}
		int total = restarted.values().stream().mapToInt(Integer::intValue).sum();
		List<String> problems = new ArrayList<>();
		if (!notReady.isEmpty()) {
			problems.add(((notReady.size() == 1) ? "pod " : "pods ") + String.join(", ", notReady) + " of "
					+ pods.size() + " not Ready");
		}
		if (total > check.maxRestarts()) {
			String who = (restarted.size() == 1) ? "pod " + restarted.keySet().iterator().next()
					: "pods " + restarted.entrySet()
						.stream()
						.map((pod) -> pod.getKey() + " (" + pod.getValue() + ")")
						.collect(Collectors.joining(", "));
			problems.add(who + " restarted " + total + ((total == 1) ? " time " : " times ") + view.sinceWords()
					+ " (at most " + check.maxRestarts() + ")");
		}
		if (!problems.isEmpty()) {
			return Verdict.fail(name, restarts(total), limit, String.join("; ", problems) + " on " + view.where());
		}
		return Verdict.pass(name, restarts(total), limit,
				pods.size() + ((pods.size() == 1) ? " pod" : " pods") + " Ready, " + restarts(total) + " "
						+ view.sinceWords() + " (at most " + check.maxRestarts() + ") on " + view.where());
	}

	Verdict logs(LogPatternCheck check, ClusterView view) {
		String name = check.name();
		String limit = Integer.toString(check.max());
		Pattern pattern = check.pattern();
		KubernetesClient client;
		List<Pod> pods;
		try {
			client = this.fleet.client(view.subject().cluster().context());
			pods = list(view);
		}
		catch (KubernetesClientException | IllegalArgumentException ex) {
			return Verdict.fail(name, "", limit,
					"cannot list the pods of " + view.where() + ": " + Words.reason(ex) + unreadNote(view));
		}
		if (pods.isEmpty()) {
			return Verdict.fail(name, "", limit, noPods(view) + ", so there are no logs to read");
		}
		String since = view.subject().since().toString();
		long matching = 0;
		for (Pod pod : pods) {
			for (Container container : pod.getSpec().getContainers()) {
				String log;
				try {
					log = client.raw(logUrl(client, view, nameOf(pod), container.getName(), since));
				}
				catch (KubernetesClientException ex) {
					return Verdict.fail(name, "", limit, "cannot read the log of " + nameOf(pod) + "/"
							+ container.getName() + " on " + view.where() + ": " + Words.reason(ex));
				}
				matching += (log == null) ? 0 : log.lines().filter((line) -> pattern.matcher(line).find()).count();
			}
		}
		String description = matching + ((matching == 1) ? " log line matches '" : " log lines match '") + check.regex()
				+ "' " + view.sinceWords() + " (at most " + check.max() + ") on " + view.where();
		return new Verdict(name, matching <= check.max(), Long.toString(matching), limit, description);
	}

	/**
	 * The log's URL, read with a plain GET: fabric8's {@code getLog} first watches the
	 * pod until it is Ready, and a restarting pod, the very one a check is after, is not.
	 */
	private static String logUrl(KubernetesClient client, ClusterView view, String pod, String container,
			String since) {
		String base = client.getMasterUrl().toString();
		return base + (base.endsWith("/") ? "" : "/") + "api/v1/namespaces/"
				+ URLEncoder.encode(view.subject().cluster().namespace(), StandardCharsets.UTF_8) + "/pods/"
				+ URLEncoder.encode(pod, StandardCharsets.UTF_8) + "/log?container="
				+ URLEncoder.encode(container, StandardCharsets.UTF_8) + "&sinceTime="
				+ URLEncoder.encode(since, StandardCharsets.UTF_8);
	}

	private List<Pod> list(ClusterView view) {
		return this.fleet.client(view.subject().cluster().context())
			.pods()
			.inNamespace(view.subject().cluster().namespace())
			.withLabels(view.podSelector())
			.list()
			.getItems();
	}

	/**
	 * Restarts since an instant: all of a pod's when it started after it, else one per
	 * container whose last run ended after it (the API keeps only the last).
	 */
	static int restartsSince(Pod pod, Instant since) {
		if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
			return 0;
		}
		List<ContainerStatus> containers = pod.getStatus().getContainerStatuses();
		Instant started = instant(pod.getStatus().getStartTime());
		if (started != null && started.isAfter(since)) {
			return containers.stream()
				.mapToInt((container) -> (container.getRestartCount() != null) ? container.getRestartCount() : 0)
				.sum();
		}
		int restarts = 0;
		for (ContainerStatus container : containers) {
			Instant finished = (container.getLastState() != null && container.getLastState().getTerminated() != null)
					? instant(container.getLastState().getTerminated().getFinishedAt()) : null;
			if (finished != null && finished.isAfter(since)) {
				restarts++;
			}
		}
		return restarts;
	}

	static boolean isReady(Pod pod) {
		return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus()
			.getConditions()
			.stream()
			.anyMatch((condition) -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
	}

	private static String nameOf(Pod pod) {
		return pod.getMetadata().getName();
	}

	private static String noPods(ClusterView view) {
		return "no pod of " + view.where() + " matches " + Words.selector(view.podSelector()) + unreadNote(view);
	}

	private static String unreadNote(ClusterView view) {
		return view.unread().map((why) -> " (" + why + ")").orElse("");
	}

	private static String restarts(int count) {
		return count + ((count == 1) ? " restart" : " restarts");
	}

	private static Instant instant(String text) {
		try {
			return (text != null) ? Instant.parse(text) : null;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
