package io.flotilla.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP against the server under test, with JSON bodies, answering every status as
 * it is.
 */
public final class TestHttp {

	public static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	public TestHttp(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET());
	}

	public Response post(String path, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path));
		if (body == null) {
			return send(request.POST(HttpRequest.BodyPublishers.noBody()));
		}
		return send(request.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(
					request.header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An HTTP answer: its status and body.
	 */
	public record Response(int status, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public <T> T as(Class<T> type) {
			return JSON.readValue(this.body, type);
		}

	}

}
