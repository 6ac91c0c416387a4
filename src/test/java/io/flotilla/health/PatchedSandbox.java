package io.flotilla.health;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetSettings;
import io.flotilla.plan.Target;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A one-region sandbox where every cluster breaks at {@link #BREAKING} a second after it
 * turned Ready there: one cluster patched to it ({@link #broken}), one patched to a
 * version that does not break ({@link #healthy}), and three left alone as controls. The
 * checks see it through a real {@link Fleet} on the sandbox's kubeconfig.
 */
final class PatchedSandbox implements AutoCloseable {

	static final String BREAKING = "26.1";

	static final String HEALTHY = "26.2";

	final SandboxFleet sandbox;

	final Fleet fleet;

	final ClusterRef broken;

	final ClusterRef healthy;

	final List<ClusterRef> controls;

	final Instant patchedAt;

	private PatchedSandbox(SandboxFleet sandbox, Fleet fleet, List<ClusterRef> clusters, Instant patchedAt) {
		this.sandbox = sandbox;
		this.fleet = fleet;
		this.broken = clusters.get(0);
		this.healthy = clusters.get(1);
		this.controls = clusters.subList(2, 5);
		this.patchedAt = patchedAt;
	}

	static PatchedSandbox start(Path directory) {
		SandboxFleet sandbox = SandboxFleet.start(SandboxOptions.defaults()
			.withClusters(12)
			.withRegionCount(1)
			.withFailRate(0.0)
			.withSlowRate(0.0)
			.withPodRestart(Duration.ofMillis(50))
			.withSeed(7)
			.withDirectory(directory)
			.withBreaks(SandboxOptions.Breaks.parse(BREAKING + "=100%"))
			.withBreakAfter(Duration.ofSeconds(1)));
		Fleet fleet = new Fleet(FleetSettings.defaults(sandbox.kubeconfig()));
		String context = sandbox.contexts().get(0);
		KubernetesClient client = fleet.client(context);
		List<ClusterRef> clusters = client.apps()
			.statefulSets()
			.inAnyNamespace()
			.list()
			.getItems()
			.stream()
			.filter((statefulSet) -> statefulSet.getSpec().getReplicas() > 1)
			.sorted(Comparator.comparing((StatefulSet statefulSet) -> statefulSet.getMetadata().getNamespace())
				.thenComparing((statefulSet) -> statefulSet.getMetadata().getName()))
			.map((statefulSet) -> new ClusterRef(context, statefulSet.getMetadata().getNamespace(),
					statefulSet.getMetadata().getName(), tag(statefulSet)))
			.limit(5)
			.toList();
		assertThat(clusters).as("clusters of more than one pod").hasSize(5);
		Instant patchedAt = Instant.now();
		patch(client, clusters.get(0), BREAKING);
		patch(client, clusters.get(1), HEALTHY);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			for (ClusterRef cluster : clusters.subList(0, 2)) {
				assertThat(ready(
						client.apps().statefulSets().inNamespace(cluster.namespace()).withName(cluster.name()).get()))
					.as(cluster.key())
					.isTrue();
			}
		});
		return new PatchedSandbox(sandbox, fleet, clusters, patchedAt);
	}

	Subject afterPatch(ClusterRef cluster) {
		return Subject.afterPatch(cluster, Target.STATEFUL_SET, "canary", this.patchedAt, this.controls);
	}

	@Override
	public void close() {
		this.fleet.close();
		this.sandbox.close();
	}

	private static void patch(KubernetesClient client, ClusterRef cluster, String version) {
		StatefulSet statefulSet = client.apps()
			.statefulSets()
			.inNamespace(cluster.namespace())
			.withName(cluster.name())
			.get();
		String image = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
		client.apps()
			.statefulSets()
			.inNamespace(cluster.namespace())
			.withName(cluster.name())
			.patch(PatchContext.of(PatchType.JSON),
					"[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\""
							+ image.substring(0, image.lastIndexOf(':') + 1) + version + "\"}]");
	}

	private static String tag(StatefulSet statefulSet) {
		String image = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
		return image.substring(image.lastIndexOf(':') + 1);
	}

	private static boolean ready(StatefulSet statefulSet) {
		var status = statefulSet.getStatus();
		int replicas = statefulSet.getSpec().getReplicas();
		return status != null && status.getObservedGeneration() != null
				&& status.getObservedGeneration() >= statefulSet.getMetadata().getGeneration()
				&& Objects.equals(status.getUpdatedReplicas(), replicas)
				&& Objects.equals(status.getReadyReplicas(), replicas)
				&& Objects.equals(status.getCurrentRevision(), status.getUpdateRevision());
	}

}
