package io.flotilla.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.flotilla.control.ReleaseState;
import io.flotilla.release.EventRecord;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few calls of the REST API the bench makes to a server in a child JVM.
 */
final class HttpApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String url;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	HttpApi(String url) {
		this.url = url;
	}

	void awaitUp(Duration timeout, ChildJvm server) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!server.isAlive()) {
				throw new IllegalStateException("the server JVM ended before it listened");
			}
			if (isUp()) {
				return;
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("the server did not listen within " + timeout);
	}

	boolean isUp() {
		try {
			send("GET", "/api/releases", null);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	void start(String id, String planText) throws IOException, InterruptedException {
		Map<String, String> body = new HashMap<>();
		body.put("planFile", id + ".yaml");
		body.put("planText", planText);
		body.put("id", id);
		body.put("startedBy", "bench");
		send("POST", "/api/releases", JSON.writeValueAsString(body));
	}

	JsonNode status(String id) throws IOException, InterruptedException {
		return JSON.readTree(send("GET", "/api/releases/" + id, null));
	}

	List<EventRecord> events(String id) throws IOException, InterruptedException {
		return JSON.readValue(send("GET", "/api/releases/" + id + "/events", null),
				new TypeReference<List<EventRecord>>() {
				});
	}

	/**
	 * Clusters done (upgraded, already current or failed) over every stage.
	 */
	static int done(JsonNode status) {
		int done = 0;
		for (JsonNode stage : status.get("stages")) {
			done += stage.get("upgraded").asInt() + stage.get("alreadyCurrent").asInt() + stage.get("failed").asInt();
		}
		return done;
	}

	String awaitEnd(String id, Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			String state = status(id).get("state").asString();
			if (ReleaseState.valueOf(state).isSettled()) {
				return state;
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("release " + id + " did not end within " + timeout);
	}

	private String send(String method, String path, String body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.url + path))
			.timeout(Duration.ofSeconds(60))
			.header("Accept", "application/json");
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 400) {
			throw new IOException(method + " " + path + ": " + response.statusCode() + " " + response.body());
		}
		return response.body();
	}

}
