package io.flotilla.sandbox;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IndexedCrudDispatcherIntegrationTests {

	private KubernetesMockServer server;

	private KubernetesClient client;

	@BeforeEach
	void startServer() {
		this.server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
				new HashMap<>(), new IndexedCrudDispatcher(), false);
		this.server.start(InetAddress.getLoopbackAddress(), 0);
		this.client = this.server.createClient();
		this.client.configMaps().inNamespace("tenant-a").resource(configMap("tenant-a", "chi-1", "1")).create();
		this.client.configMaps().inNamespace("tenant-a").resource(configMap("tenant-a", "chi-2", "1")).create();
		this.client.configMaps().inNamespace("tenant-b").resource(configMap("tenant-b", "chi-1", "1")).create();
		this.client.services().inNamespace("tenant-a").resource(service("tenant-a", "chi-1")).create();
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.destroy();
	}

	@Test
	void listNarrowedToOneNameAnswersAListOfThatObjectOnly() {
		List<ConfigMap> found = this.client.configMaps()
			.inNamespace("tenant-a")
			.withField("metadata.name", "chi-1")
			.list()
			.getItems();

		assertThat(found)
			.extracting((configMap) -> configMap.getMetadata().getNamespace() + "/" + configMap.getMetadata().getName()
					+ "=" + configMap.getData().get("version"))
			.containsExactly("tenant-a/chi-1=1");
	}

	@Test
	void listNarrowedToAMissingNameIsEmpty() {
		assertThat(
				this.client.configMaps().inNamespace("tenant-a").withField("metadata.name", "chi-9").list().getItems())
			.isEmpty();
	}

	@Test
	void watchOfOneNameSendsItsStateThenItsChangesOnly() throws InterruptedException {
		BlockingQueue<String> events = new LinkedBlockingQueue<>();
		try (Watch watch = this.client.configMaps().inNamespace("tenant-a").withName("chi-1").watch(recorder(events))) {
			assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("ADDED tenant-a/chi-1 version=1");

			edit("tenant-a", "chi-2", "2");
			edit("tenant-b", "chi-1", "2");
			this.client.services().inNamespace("tenant-a").withName("chi-1").edit((service) -> {
				service.getMetadata().setLabels(Map.of("edited", "true"));
				return service;
			});
			edit("tenant-a", "chi-1", "2");
			this.client.configMaps().inNamespace("tenant-a").withName("chi-1").delete();

			assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("MODIFIED tenant-a/chi-1 version=2");
			assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("DELETED tenant-a/chi-1 version=2");
			assertThat(events.poll(500, TimeUnit.MILLISECONDS)).isNull();
		}
	}

	@Test
	void waitingForAConditionSeesAChangeMadeAfterItStarted() throws InterruptedException {
		Thread editor = new Thread(() -> {
			try {
				Thread.sleep(300);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			edit("tenant-a", "chi-1", "3");
		});
		editor.start();

		ConfigMap seen = this.client.configMaps()
			.inNamespace("tenant-a")
			.withName("chi-1")
			.waitUntilCondition((configMap) -> configMap != null && "3".equals(configMap.getData().get("version")), 10,
					TimeUnit.SECONDS);
		editor.join();

		assertThat(seen.getData()).containsEntry("version", "3");
	}

	private void edit(String namespace, String name, String version) {
		this.client.configMaps().inNamespace(namespace).withName(name).edit((configMap) -> {
			configMap.getData().put("version", version);
			return configMap;
		});
	}

	private static Watcher<ConfigMap> recorder(BlockingQueue<String> events) {
		return new Watcher<>() {

			@Override
			public void eventReceived(Action action, ConfigMap configMap) {
				events.add(action + " " + describe(configMap) + " version=" + configMap.getData().get("version"));
			}

			@Override
			public void onClose(WatcherException cause) {
			}

		};
	}

	private static String describe(HasMetadata resource) {
		return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
	}

	private static ConfigMap configMap(String namespace, String name, String version) {
		return new ConfigMapBuilder().withNewMetadata()
			.withNamespace(namespace)
			.withName(name)
			.endMetadata()
			.addToData("version", version)
			.build();
	}

	private static Service service(String namespace, String name) {
		return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build();
	}

}
