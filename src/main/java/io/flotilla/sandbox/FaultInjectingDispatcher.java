package io.flotilla.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import io.fabric8.zjsonpatch.JsonPatchException;

/**
 * Sits in front of the CRUD store of one region: fails a share of client requests the way
 * a busy API server does, holds back the answers to another share as a slow one does,
 * counts the PATCH requests each StatefulSet receives, and answers a JSON Patch that
 * cannot be applied (a failed {@code test} operation, say) with 422 as Kubernetes does,
 * where the bare mock would drop the request unanswered. Requests for metrics, pods and
 * their logs are answered from the simulated state ({@link ClusterSignals}) before the
 * store sees them. The controller's own requests, known by their user agent, pass
 * untouched and uncounted.
 */
final class FaultInjectingDispatcher extends Dispatcher {

	static final String CONTROLLER_USER_AGENT = "flotilla-sandbox-controller";

	private static final Pattern STATEFUL_SET_PATH = Pattern
		.compile("^/apis/apps/v1/namespaces/([^/]+)/statefulsets/([^/?]+)(/[^?]*)?(\\?.*)?$");

	private final KubernetesCrudDispatcher store;

	private final Map<ServerRequest, Queue<ServerResponse>> expectations;

	private final MockDispatcher expected;

	private final double errorRate;

	private final Random random;

	private final double latencyRate;

	private final Duration latency;

	private final AtomicInteger delayed = new AtomicInteger();

	private final Map<String, AtomicInteger> patches = new ConcurrentHashMap<>();

	private final Map<String, Instant> firstPatches = new ConcurrentHashMap<>();

	private volatile boolean down;

	private final Function<RecordedRequest, MockResponse> simulated;

	/**
	 * @param simulated answers the requests served from the simulated state rather than
	 * the store (metrics, pods, logs), or null for the store to answer
	 */
	FaultInjectingDispatcher(KubernetesCrudDispatcher store, Map<ServerRequest, Queue<ServerResponse>> expectations,
			double errorRate, long seed, double latencyRate, Duration latency,
			Function<RecordedRequest, MockResponse> simulated) {
		this.store = store;
		this.simulated = simulated;
		this.expectations = expectations;
		this.expected = new MockDispatcher(expectations);
		this.errorRate = errorRate;
		this.random = new Random(seed);
		this.latencyRate = latencyRate;
		this.latency = latency;
	}

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		boolean fromClient = !CONTROLLER_USER_AGENT.equals(request.getHeader("User-Agent"));
		MockResponse response = answer(request, fromClient);
		if (fromClient && this.latencyRate > 0 && !this.latency.isZero() && response.getWebSocketListener() == null
				&& this.random.nextDouble() < this.latencyRate) {
			// held back by the HTTP server's timer, so no dispatcher thread waits
			this.delayed.incrementAndGet();
			response.setBodyDelay(this.latency);
		}
		return response;
	}

	private MockResponse answer(RecordedRequest request, boolean fromClient) {
		if (fromClient && this.down) {
			return status(503, "ServiceUnavailable", "the sandbox's API server is down on purpose");
		}
		if (fromClient && this.errorRate > 0 && this.random.nextDouble() < this.errorRate) {
			return this.random.nextBoolean() ? tooManyRequests() : internalError();
		}
		if (fromClient && request.method() == HttpMethod.PATCH) {
			countPatch(request.getPath());
		}
		MockResponse simulatedAnswer = this.simulated.apply(request);
		if (simulatedAnswer != null) {
			return simulatedAnswer;
		}
		// The mock server answers "/" and "/version" from its own expectations.
		Queue<ServerResponse> expectation = this.expectations
			.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
		if (expectation != null && !expectation.isEmpty()) {
			return this.expected.dispatch(request);
		}
		try {
			return this.store.dispatch(request);
		}
		catch (JsonPatchException ex) {
			return status(422, "Invalid", "the JSON patch cannot be applied: " + ex.getMessage());
		}
	}

	/**
	 * Takes the API server down for clients, every request answered 503, or brings it
	 * back; the controller keeps rolling pods meanwhile.
	 */
	void setDown(boolean down) {
		this.down = down;
	}

	/**
	 * How many answers were held back by the injected latency.
	 */
	int delayedCount() {
		return this.delayed.get();
	}

	int patchCount(String namespace, String name) {
		AtomicInteger count = this.patches.get(namespace + "/" + name);
		return (count != null) ? count.get() : 0;
	}

	Instant firstPatchAt(String namespace, String name) {
		return this.firstPatches.get(namespace + "/" + name);
	}

	Map<String, Integer> patchCounts() {
		Map<String, Integer> counts = new ConcurrentHashMap<>();
		this.patches.forEach((key, count) -> counts.put(key, count.get()));
		return counts;
	}

	@Override
	public void shutdown() {
		this.expected.shutdown();
		this.store.shutdown();
	}

	@Override
	public void releaseResources() {
		this.expected.releaseResources();
		this.store.releaseResources();
	}

	private void countPatch(String path) {
		Matcher matcher = STATEFUL_SET_PATH.matcher(path);
		if (matcher.matches()) {
			String key = matcher.group(1) + "/" + matcher.group(2);
			this.firstPatches.putIfAbsent(key, Instant.now());
			this.patches.computeIfAbsent(key, (ignored) -> new AtomicInteger()).incrementAndGet();
		}
	}

	private static MockResponse tooManyRequests() {
		Status status = failure(429, "TooManyRequests", "the sandbox is throttling this request").withNewDetails()
			.withRetryAfterSeconds(1)
			.endDetails()
			.build();
		return respond(status).setHeader("Retry-After", 1);
	}

	private static MockResponse internalError() {
		return status(500, "InternalError", "the sandbox failed this request on purpose");
	}

	private static MockResponse status(int code, String reason, String message) {
		return respond(failure(code, reason, message).build());
	}

	private static StatusBuilder failure(int code, String reason, String message) {
		return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message);
	}

	private static MockResponse respond(Status status) {
		return new MockResponse().setResponseCode(status.getCode())
			.setHeader("Content-Type", "application/json")
			.setBody(Serialization.asJson(status));
	}

}
