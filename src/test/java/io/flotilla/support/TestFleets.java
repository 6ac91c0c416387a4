package io.flotilla.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;

/**
 * Sandbox fleets for tests that boot the server: small, fast, seeded, and reached with
 * the real fabric8 client through the kubeconfig the fleet wrote.
 */
public final class TestFleets {

	/** The label every sandbox cluster carries, and the plans' selector. */
	public static final String NAME_LABEL = "app.kubernetes.io/name";

	public static final String TIER_LABEL = "flotilla.io/tier";

	private TestFleets() {
	}

	/**
	 * A healthy fleet: no failing or slow clusters, no API errors, 50ms pod restarts,
	 * seed 7.
	 */
	public static SandboxOptions healthy(int clusters, List<String> regions) {
		return new SandboxOptions(clusters, regions, 0.0, 0.0, 0.0, Duration.ofMillis(50), 7L, newDirectory());
	}

	/**
	 * Writes one kubeconfig with the contexts of every fleet, so one server can reach a
	 * healthy fleet and a faulty one side by side. The fleets' region names must differ.
	 */
	public static Path mergedKubeconfig(SandboxFleet... fleets) {
		try {
			Config merged = null;
			Map<String, NamedAuthInfo> users = new LinkedHashMap<>();
			for (SandboxFleet fleet : fleets) {
				Config config = Serialization.unmarshal(Files.readString(fleet.kubeconfig()), Config.class);
				config.getUsers().forEach((user) -> users.putIfAbsent(user.getName(), user));
				if (merged == null) {
					merged = config;
				}
				else {
					merged.getClusters().addAll(config.getClusters());
					merged.getContexts().addAll(config.getContexts());
				}
			}
			merged.setUsers(new ArrayList<>(users.values()));
			Path file = newDirectory().resolve("kubeconfig");
			Files.writeString(file, Serialization.asYaml(merged));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static KubernetesClient client(Path kubeconfig, String context) {
		io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.fromKubeconfig(context,
				kubeconfig.toFile());
		return new KubernetesClientBuilder().withConfig(config).build();
	}

	/**
	 * The clickhouse StatefulSets of a context, optionally of one tier, sorted by
	 * namespace and name.
	 */
	public static List<StatefulSet> clusters(KubernetesClient client, String tier) {
		var statefulSets = client.apps().statefulSets().inAnyNamespace().withLabel(NAME_LABEL, "clickhouse");
		if (tier != null) {
			statefulSets = statefulSets.withLabel(TIER_LABEL, tier);
		}
		return statefulSets.list().getItems().stream().sorted((a, b) -> key(a).compareTo(key(b))).toList();
	}

	/**
	 * The version in the live StatefulSet's clickhouse image tag.
	 */
	public static String liveVersion(KubernetesClient client, String namespace, String name) {
		return version(client.apps().statefulSets().inNamespace(namespace).withName(name).get());
	}

	/**
	 * The version of every StatefulSet of a fleet, keyed {@code context/namespace/name},
	 * read live through the given clients.
	 */
	public static Map<String, String> liveVersions(List<String> contexts, Function<String, KubernetesClient> clients) {
		Map<String, String> versions = new HashMap<>();
		for (String context : contexts) {
			clients.apply(context)
				.apps()
				.statefulSets()
				.inAnyNamespace()
				.list()
				.getItems()
				.forEach((statefulSet) -> versions.put(context + "/" + statefulSet.getMetadata().getNamespace() + "/"
						+ statefulSet.getMetadata().getName(), version(statefulSet)));
		}
		return versions;
	}

	public static String version(StatefulSet statefulSet) {
		String image = statefulSet.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.stream()
			.filter((container) -> container.getName().equals("clickhouse"))
			.findFirst()
			.orElseThrow()
			.getImage();
		return image.substring(image.lastIndexOf(':') + 1);
	}

	private static String key(StatefulSet statefulSet) {
		return statefulSet.getMetadata().getNamespace() + "/" + statefulSet.getMetadata().getName();
	}

	private static Path newDirectory() {
		try {
			Path directory = Files.createTempDirectory("flotilla-test-fleet");
			directory.toFile().deleteOnExit();
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
