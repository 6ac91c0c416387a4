package io.flotilla.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.flotilla.control.Signal;
import io.flotilla.release.Claim;
import io.flotilla.release.EventRecord;
import io.flotilla.release.ReleaseIds;
import io.flotilla.release.ReleaseStatus;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the server's REST API. Refusals come back as {@link CliException}s carrying
 * the server's message: bad input exits 2, everything else 1.
 */
class ServerClient {

	static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final URI server;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	ServerClient(String server) {
		this.server = URI.create(server.endsWith("/") ? server : server + "/");
	}

	ReleaseStatus start(String planFile, String planText, String id, String startedBy) {
		if (id != null) {
			checkId(id);
		}
		Map<String, String> body = new HashMap<>();
		body.put("planFile", planFile);
		body.put("planText", planText);
		body.put("id", id);
		body.put("startedBy", startedBy);
		return JSON.readValue(send("POST", "api/releases", JSON.writeValueAsString(body)), ReleaseStatus.class);
	}

	ReleaseStatus status(String id) {
		return JSON.readValue(send("GET", releasePath(id), null), ReleaseStatus.class);
	}

	List<ReleaseStatus> list() {
		return JSON.readValue(send("GET", "api/releases", null), new TypeReference<List<ReleaseStatus>>() {
		});
	}

	ReleaseStatus signal(String id, Signal signal, String by, String reason) {
		Map<String, String> body = new HashMap<>();
		body.put("by", by);
		body.put("reason", reason);
		return JSON.readValue(send("POST", releasePath(id) + "/" + signal.word(), JSON.writeValueAsString(body)),
				ReleaseStatus.class);
	}

	List<EventRecord> events(String id) {
		return JSON.readValue(send("GET", releasePath(id) + "/events", null), new TypeReference<List<EventRecord>>() {
		});
	}

	List<Claim> claims(String releaseId) {
		String query = "";
		if (releaseId != null) {
			checkId(releaseId);
			query = "?release=" + URLEncoder.encode(releaseId, StandardCharsets.UTF_8);
		}
		return JSON.readValue(send("GET", "api/claims" + query, null), new TypeReference<List<Claim>>() {
		});
	}

	String statusJson(String id) {
		return send("GET", releasePath(id), null);
	}

	/**
	 * The path of a release. Its id is checked by the server's rule first, since a space
	 * would make a URL the JDK refuses and {@code x/../other} the path of another
	 * release; it is encoded besides, so no id the rule may one day allow can leave its
	 * path segment.
	 */
	private static String releasePath(String id) {
		checkId(id);
		return "api/releases/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static void checkId(String id) {
		if (!ReleaseIds.isValid(id)) {
			throw new CliException(ExitCodes.BAD_INPUT, "release id '" + id + "' is not valid: " + ReleaseIds.RULE);
		}
	}

	private String send(String method, String path, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.server.resolve(path))
			.timeout(Duration.ofSeconds(120))
			.header("Accept", "application/json");
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		HttpResponse<String> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (ConnectException ex) {
			throw new CliException(ExitCodes.FAILED, "cannot reach the Flotilla server at " + this.server
					+ " (start it with 'flotilla server', or pass --server URL)");
		}
		catch (IOException ex) {
			throw new CliException(ExitCodes.FAILED, "request to " + this.server + " failed: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliException(ExitCodes.FAILED, "interrupted");
		}
		if (response.statusCode() >= 400) {
			throw refusal(response);
		}
		return response.body();
	}

	private static CliException refusal(HttpResponse<String> response) {
		String message = response.body();
		try {
			JsonNode problem = JSON.readTree(response.body());
			if (problem.hasNonNull("detail")) {
				message = problem.get("detail").asString();
			}
		}
		catch (RuntimeException ex) {
			// the body was not a problem document; show it as it is
		}
		int exitCode = (response.statusCode() == 400 || response.statusCode() == 404 || response.statusCode() == 409)
				? ExitCodes.BAD_INPUT : ExitCodes.FAILED;
		return new CliException(exitCode, message);
	}

}
