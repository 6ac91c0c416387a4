package io.flotilla.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * fabric8's Kubernetes API in CRUD mode on 127.0.0.1, with what the CRUD mode lacks and a
 * test needs: failures injected on PATCH requests, a count of them, list paging by
 * {@code limit} and {@code continue}, and a 422 instead of a hung request when a JSON
 * Patch {@code test} fails.
 */
final class FaultyKubernetesApi extends Dispatcher implements AutoCloseable {

	static final CustomResourceDefinitionContext CLICKHOUSE = new CustomResourceDefinitionContext.Builder()
		.withGroup("clickhouse.altinity.com")
		.withVersion("v1")
		.withKind("ClickHouseInstallation")
		.withPlural("clickhouseinstallations")
		.withScope("Namespaced")
		.build();

	private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher(List.of(CLICKHOUSE));

	private final KubernetesMockServer server;

	private final AtomicInteger patches = new AtomicInteger();

	private final AtomicInteger watches = new AtomicInteger();

	private final Queue<Integer> patchFailures = new ConcurrentLinkedQueue<>();

	private volatile int persistentPatchFailure;

	private volatile boolean applyNextPatchThenFail;

	FaultyKubernetesApi() throws Exception {
		this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), this, false);
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getPort();
	}

	/**
	 * A client for the test's own use, acting as the cluster's controller.
	 */
	NamespacedKubernetesClient client() {
		return this.server.createClient();
	}

	/**
	 * Answers the next PATCH requests with these status codes, one each, without applying
	 * them.
	 */
	void failPatches(Integer... codes) {
		this.patchFailures.addAll(List.of(codes));
	}

	/**
	 * Answers every PATCH request with this status code, without applying it.
	 */
	void failAllPatches(int code) {
		this.persistentPatchFailure = code;
	}

	/**
	 * Applies the next PATCH but answers it with a 500, as a server that fails after the
	 * write.
	 */
	void failNextPatchAfterApplying() {
		this.applyNextPatchThenFail = true;
	}

	int patchRequests() {
		return this.patches.get();
	}

	/**
	 * Watch requests opened so far: an informer awaiting a resource opens one.
	 */
	int watchRequests() {
		return this.watches.get();
	}

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		if (request.getPath() != null && request.getPath().contains("watch=true")) {
			this.watches.incrementAndGet();
		}
		if (request.method() == HttpMethod.PATCH) {
			this.patches.incrementAndGet();
			Integer failure = this.patchFailures.poll();
			if (failure == null && this.persistentPatchFailure != 0) {
				failure = this.persistentPatchFailure;
			}
			if (failure == null && this.applyNextPatchThenFail) {
				this.applyNextPatchThenFail = false;
				delegate(request);
				failure = 500;
			}
			if (failure != null) {
				return status(failure, "injected");
			}
		}
		MockResponse response = delegate(request);
		HttpUrl url = HttpUrl.parse("http://localhost" + request.getPath());
		if (request.method() == HttpMethod.GET && url.queryParameter("limit") != null
				&& url.queryParameter("watch") == null && response.getWebSocketListener() == null) {
			return page(response, Integer.parseInt(url.queryParameter("limit")), url.queryParameter("continue"));
		}
		return response;
	}

	private MockResponse delegate(RecordedRequest request) {
		try {
			return this.crud.dispatch(request);
		}
		catch (RuntimeException ex) {
			// CRUD mode lets a failed JSON Patch "test" escape, leaving the request hung
			return status(422, ex.getClass().getSimpleName());
		}
	}

	private static MockResponse page(MockResponse response, int limit, String continueToken) {
		try {
			JsonNode list = Serialization.jsonMapper().readTree(response.getBody().getBytes());
			if (!(list.get("items") instanceof ArrayNode items)) {
				return response;
			}
			int from = (continueToken != null) ? Integer.parseInt(continueToken) : 0;
			ArrayNode page = items.arrayNode();
			for (int i = from; i < Math.min(items.size(), from + limit); i++) {
				page.add(items.get(i));
			}
			((ObjectNode) list).set("items", page);
			ObjectNode metadata = (ObjectNode) list.get("metadata");
			if (from + limit < items.size()) {
				metadata.put("continue", Integer.toString(from + limit));
			}
			return new MockResponse().setResponseCode(200).setBody(Serialization.jsonMapper().writeValueAsString(list));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static MockResponse status(int code, String message) {
		return new MockResponse().setResponseCode(code)
			.setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"" + message
					+ "\",\"code\":" + code + "}");
	}

	@Override
	public void close() {
		this.server.destroy();
	}

}
