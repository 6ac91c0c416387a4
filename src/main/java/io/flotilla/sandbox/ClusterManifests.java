package io.flotilla.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;

/**
 * The Kubernetes objects a simulated cluster is made of, settled and ready as if it had
 * been running for a while.
 */
final class ClusterManifests {

	static final String NAME_LABEL = "app.kubernetes.io/name";

	static final String TIER_LABEL = "flotilla.io/tier";

	static final String TENANT_LABEL = "flotilla.io/tenant";

	static final String CONTAINER = "clickhouse";

	static final String IMAGE = "clickhouse/clickhouse-server";

	private ClusterManifests() {
	}

	static Namespace namespace(SimulatedCluster cluster) {
		Map<String, String> labels = (cluster.tenant() != null) ? Map.of(TENANT_LABEL, cluster.tenant()) : Map.of();
		return new NamespaceBuilder().withNewMetadata()
			.withName(cluster.namespace())
			.addToLabels(labels)
			.endMetadata()
			.withNewStatus()
			.withPhase("Active")
			.endStatus()
			.build();
	}

	static StatefulSet statefulSet(SimulatedCluster cluster) {
		Map<String, String> selector = Map.of(NAME_LABEL, CONTAINER, "app.kubernetes.io/instance", cluster.name());
		Map<String, String> labels = new LinkedHashMap<>(cluster.labels());
		labels.putAll(selector);
		if (cluster.tier() != null) {
			labels.put(TIER_LABEL, cluster.tier());
		}
		if (cluster.tenant() != null) {
			labels.put(TENANT_LABEL, cluster.tenant());
		}
		StatefulSet statefulSet = new StatefulSetBuilder().withNewMetadata()
			.withName(cluster.name())
			.withNamespace(cluster.namespace())
			.addToLabels(labels)
			.endMetadata()
			.withNewSpec()
			.withReplicas(cluster.replicas())
			.withServiceName(cluster.name())
			.withNewSelector()
			.withMatchLabels(selector)
			.endSelector()
			.withNewUpdateStrategy()
			.withType("RollingUpdate")
			.endUpdateStrategy()
			.withNewTemplate()
			.withNewMetadata()
			.withLabels(selector)
			.endMetadata()
			.withNewSpec()
			.addNewContainer()
			.withName(CONTAINER)
			.withImage(IMAGE + ":" + cluster.version())
			.addNewPort()
			.withName("http")
			.withContainerPort(8123)
			.endPort()
			.addNewPort()
			.withName("native")
			.withContainerPort(9000)
			.endPort()
			.endContainer()
			.endSpec()
			.endTemplate()
			.endSpec()
			.build();
		String revision = Revisions.of(statefulSet);
		int replicas = cluster.replicas();
		statefulSet.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(1L)
			.withReplicas(replicas)
			.withReadyReplicas(replicas)
			.withAvailableReplicas(replicas)
			.withCurrentReplicas(replicas)
			.withUpdatedReplicas(replicas)
			.withCurrentRevision(revision)
			.withUpdateRevision(revision)
			.withCollisionCount(0)
			.build());
		return statefulSet;
	}

}
