package io.flotilla.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * The baseline of the orchestration overhead: only the work no rollout can avoid, with
 * the same fabric8 client and the same API servers as Flotilla — list the fleet, then per
 * cluster read it, send a JSON Patch, and watch it until ready — on a plain thread pool,
 * keeping nothing durable.
 */
final class PlainLoop {

	private PlainLoop() {
	}

	/**
	 * @return how many clusters were upgraded and ready
	 */
	static int upgradeAll(Path kubeconfig, List<String> contexts, String targetVersion, int parallelism)
			throws Exception {
		List<KubernetesClient> clients = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(parallelism);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (String context : contexts) {
				Config config = Config.fromKubeconfig(context, kubeconfig.toFile());
				config.setRequestRetryBackoffLimit(0);
				KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
				clients.add(client);
				for (StatefulSet listed : client.apps()
					.statefulSets()
					.inAnyNamespace()
					.withLabel("app.kubernetes.io/name", "clickhouse")
					.list()
					.getItems()) {
					String namespace = listed.getMetadata().getNamespace();
					String name = listed.getMetadata().getName();
					results.add(pool.submit(() -> upgrade(client, namespace, name, targetVersion)));
				}
			}
			int upgraded = 0;
			for (Future<Boolean> result : results) {
				upgraded += result.get() ? 1 : 0;
			}
			return upgraded;
		}
		finally {
			pool.shutdownNow();
			clients.forEach(KubernetesClient::close);
		}
	}

	private static boolean upgrade(KubernetesClient client, String namespace, String name, String targetVersion) {
		var resource = client.apps().statefulSets().inNamespace(namespace).withName(name);
		StatefulSet live = resource.get();
		if (live == null) {
			return false;
		}
		String image = "clickhouse/clickhouse-server:" + targetVersion;
		int container = 0;
		var containers = live.getSpec().getTemplate().getSpec().getContainers();
		for (int i = 0; i < containers.size(); i++) {
			if ("clickhouse".equals(containers.get(i).getName())) {
				container = i;
			}
		}
		if (!image.equals(containers.get(container).getImage())) {
			String patch = client.getKubernetesSerialization()
				.asJson(List.of(Map.of("op", "replace", "path",
						"/spec/template/spec/containers/" + container + "/image", "value", image)));
			resource.patch(PatchContext.of(PatchType.JSON), patch);
		}
		resource.waitUntilCondition(PlainLoop::ready, 10, TimeUnit.MINUTES);
		return true;
	}

	private static boolean ready(StatefulSet statefulSet) {
		if (statefulSet == null || statefulSet.getStatus() == null) {
			return false;
		}
		StatefulSetStatus status = statefulSet.getStatus();
		int replicas = (statefulSet.getSpec().getReplicas() != null) ? statefulSet.getSpec().getReplicas() : 1;
		return status.getObservedGeneration() != null
				&& status.getObservedGeneration() >= statefulSet.getMetadata().getGeneration()
				&& eq(status.getUpdatedReplicas(), replicas) && eq(status.getReadyReplicas(), replicas)
				&& status.getCurrentRevision() != null
				&& status.getCurrentRevision().equals(status.getUpdateRevision());
	}

	private static boolean eq(Integer value, int expected) {
		return value != null && value == expected;
	}

}
