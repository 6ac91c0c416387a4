package io.flotilla.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

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

	private final Path adminPasswordFile;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private volatile String token;

	/**
	 * @param adminPasswordFile where the server wrote its first admin's password, which
	 * the bench logs in with once the server is ready
	 */
	HttpApi(String url, Path adminPasswordFile) {
		this.url = url;
		this.adminPasswordFile = adminPasswordFile;
	}

	/**
	 * @param alive whether the server's JVM still runs, so that one that died is not
	 * waited for
	 */
	void awaitUp(Duration timeout, BooleanSupplier alive) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!alive.getAsBoolean()) {
				throw new IllegalStateException("the server JVM ended before it listened");
			}
			if (isUp()) {
				logIn();
				return;
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("the server did not listen within " + timeout);
	}

	/**
	 * Whether the server is ready: the readiness probe, which needs no token, answers
	 * only once its first admin exists.
	 */
	boolean isUp() {
		try {
			send("GET", "/actuator/health/readiness", null);
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

	private void logIn() throws IOException, InterruptedException {
		String password = Files.readString(this.adminPasswordFile, StandardCharsets.UTF_8).strip();
		String login = send("POST", "/api/login",
				JSON.writeValueAsString(Map.of("user", "admin", "password", password)));
		this.token = JSON.readTree(login).get("token").asString();
	}

	void start(String id, String planText) throws IOException, InterruptedException {
		send("POST", "/api/releases",
				JSON.writeValueAsString(Map.of("planFile", id + ".yaml", "planText", planText, "id", id)));
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

	/**
	 * A console page as a browser asks for it, read to its last byte.
	 * @return its size in bytes
	 */
	int page(String path) throws IOException, InterruptedException {
		HttpResponse<byte[]> response = this.http.send(
				request(path, "text/html").timeout(Duration.ofSeconds(60)).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200) {
			throw new IOException("GET " + path + ": " + response.statusCode());
		}
		return response.body().length;
	}

	/**
	 * A stream of server-sent events, as an {@code EventSource} opens it, once its
	 * response headers came; closing it ends the stream.
	 */
	InputStream eventStream(String path) throws IOException, InterruptedException {
		HttpResponse<InputStream> response = this.http.send(request(path, "text/event-stream").GET().build(),
				HttpResponse.BodyHandlers.ofInputStream());
		if (response.statusCode() != 200) {
			response.body().close();
			throw new IOException("GET " + path + ": " + response.statusCode());
		}
		return response.body();
	}

	private HttpRequest.Builder request(String path, String accept) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.url + path)).header("Accept", accept);
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		return request;
	}

	private String send(String method, String path, String body) throws IOException, InterruptedException {
		HttpRequest.Builder request = request(path, "application/json").timeout(Duration.ofSeconds(60));
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
