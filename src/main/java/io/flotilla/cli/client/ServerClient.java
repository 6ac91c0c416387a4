package io.flotilla.cli.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.flotilla.cli.client.Credentials;
import io.flotilla.control.Signal;
import io.flotilla.plan.Durations;
import io.flotilla.release.Claim;
import io.flotilla.release.EventRecord;
import io.flotilla.release.ReleaseFreezes.FreezeView;
import io.flotilla.release.ReleaseIds;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.release.StageProgress;
import io.flotilla.schedule.ScheduleService.FireView;
import io.flotilla.schedule.ScheduleService.ScheduleView;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

/**
 * A client of the server's REST API. Every request but the login carries the caller's
 * token ({@link Credentials}); without one it is not sent. Refusals come back as
 * {@link CliException}s carrying the server's message: bad input, a token the server no
 * longer takes and a role that may not exit 2, everything else 1. Whatever is not the
 * answer a Flotilla server gives (a URL that is not one, another HTTP service, an error
 * without a problem document) is one line naming the request, what came back and what was
 * expected, so an operator who pointed {@code --server} at the wrong place sees that
 * rather than a stack trace or a release whose fields are all null.
 */
public class ServerClient {

	/**
	 * Roles are enum constants in the server's JSON ({@code VIEWER}) and words on the
	 * command line ({@code viewer}); either is read.
	 */
	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
		.build();

	private static final Answer<ReleaseStatus> RELEASE = new Answer<>("a release", new TypeReference<>() {
	}, ServerClient::isRelease);

	private static final Answer<List<ReleaseStatus>> RELEASES = new Answer<>("a list of releases",
			new TypeReference<>() {
			}, (releases) -> releases.stream().allMatch(ServerClient::isRelease));

	private static final Answer<List<EventRecord>> EVENTS = new Answer<>("a list of events", new TypeReference<>() {
	}, (events) -> events.stream()
		.allMatch((event) -> event != null && allSet(event.at(), event.kind(), event.message())));

	private static final Answer<List<Claim>> CLAIMS = new Answer<>("a list of claims", new TypeReference<>() {
	}, (claims) -> claims.stream()
		.allMatch((claim) -> claim != null && allSet(claim.context(), claim.namespace(), claim.kind(), claim.name(),
				claim.holderType(), claim.holderId(), claim.claimedAt())));

	private static final Answer<ScheduleView> SCHEDULE = new Answer<>("a schedule", new TypeReference<>() {
	}, ServerClient::isSchedule);

	private static final Answer<List<ScheduleView>> SCHEDULES = new Answer<>("a list of schedules",
			new TypeReference<>() {
			}, (schedules) -> schedules.stream().allMatch(ServerClient::isSchedule));

	private static final Answer<FireView> FIRE = new Answer<>("a fire of a schedule", new TypeReference<>() {
	}, ServerClient::isFire);

	private static final Answer<FreezeView> FREEZE = new Answer<>("a freeze", new TypeReference<>() {
	}, ServerClient::isFreeze);

	private static final Answer<List<FreezeView>> FREEZES = new Answer<>("a list of freezes", new TypeReference<>() {
	}, (freezes) -> freezes.stream().allMatch(ServerClient::isFreeze));

	private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

	private final URI server;

	private final Supplier<Optional<String>> token;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * A client sending the token of {@link Credentials#ofThisProcess()}.
	 */
	public ServerClient(String server) {
		this(server, Credentials.ofThisProcess()::token);
	}

	/**
	 * @param token the token to send, asked for at each request that needs one, so that a
	 * command refused before it asks anything does not say it is not logged in
	 */
	public ServerClient(String server, Supplier<Optional<String>> token) {
		this.server = base(server);
		this.token = token;
	}

	/**
	 * The server's URL, as messages name it.
	 */
	public URI url() {
		return this.server;
	}

	public ReleaseStatus start(String planFile, String planText, String id) {
		return start(planFile, planText, id, null);
	}

	/**
	 * Starts a release; with a break-glass reason, an admin's start through any freeze.
	 */
	public ReleaseStatus start(String planFile, String planText, String id, String breakGlassReason) {
		if (id != null) {
			checkId(id);
		}
		Map<String, String> body = new HashMap<>();
		body.put("planFile", planFile);
		body.put("planText", planText);
		body.put("id", id);
		if (breakGlassReason != null) {
			body.put("breakGlassReason", breakGlassReason);
		}
		return call("POST", "api/releases", body, RELEASE);
	}

	public ReleaseStatus status(String id) {
		return call("GET", releasePath(id), null, RELEASE);
	}

	/**
	 * A release's status as the server wrote it, once it is known to be one.
	 */
	public String statusJson(String id) {
		String path = releasePath(id);
		String body = answer("GET", path, null, true, RELEASE);
		read(request("GET", path), body, RELEASE);
		return body;
	}

	public List<ReleaseStatus> list() {
		return call("GET", "api/releases", null, RELEASES);
	}

	public ReleaseStatus signal(String id, Signal signal, String reason) {
		return call("POST", releasePath(id) + "/" + signal.word(), reason(reason), RELEASE);
	}

	/**
	 * Pauses every release a pause applies to.
	 * @return the releases paused
	 */
	public List<ReleaseStatus> pauseAll(String reason) {
		return call("POST", "api/releases/pause", reason(reason), RELEASES);
	}

	public List<EventRecord> events(String id) {
		return call("GET", releasePath(id) + "/events", null, EVENTS);
	}

	public List<Claim> claims(String releaseId) {
		String query = "";
		if (releaseId != null) {
			checkId(releaseId);
			query = "?release=" + URLEncoder.encode(releaseId, StandardCharsets.UTF_8);
		}
		return call("GET", "api/claims" + query, null, CLAIMS);
	}

	public List<ScheduleView> schedules() {
		return call("GET", "api/schedules", null, SCHEDULES);
	}

	public ScheduleView schedule(String name) {
		return call("GET", schedulePath(name), null, SCHEDULE);
	}

	public ScheduleView pauseSchedule(String name, String reason) {
		return call("POST", schedulePath(name) + "/pause", reason(reason), SCHEDULE);
	}

	public ScheduleView resumeSchedule(String name, String reason) {
		return call("POST", schedulePath(name) + "/resume", reason(reason), SCHEDULE);
	}

	/**
	 * Fires the schedule now.
	 * @return what came of it: started, queued or skipped
	 */
	public FireView triggerSchedule(String name) {
		return call("POST", schedulePath(name) + "/trigger", null, FIRE);
	}

	/**
	 * The freezes that hold now or will, earliest first.
	 */
	public List<FreezeView> freezes() {
		return call("GET", "api/freezes", null, FREEZES);
	}

	/**
	 * Freezes the whole fleet, or the plans whose selector carries every label given.
	 */
	public FreezeView startFreeze(String reason, Map<String, String> selector) {
		Map<String, Object> body = new HashMap<>();
		body.put("reason", reason);
		body.put("selector", selector);
		return call("POST", "api/freezes", body, FREEZE);
	}

	/**
	 * Ends every freeze started by hand.
	 * @return the freezes ended
	 */
	public List<FreezeView> endFreezes(String reason) {
		return call("POST", "api/freezes/end", reason(reason), FREEZES);
	}

	private static Map<String, String> reason(String reason) {
		Map<String, String> body = new HashMap<>();
		body.put("reason", reason);
		return body;
	}

	/**
	 * Sends a request with the caller's token and reads its answer.
	 * @param body what to send as JSON, or null for nothing
	 * @throws CliException when there is no token, the server refuses, or the answer is
	 * not what a Flotilla server gives
	 */
	public <T> T call(String method, String path, Object body, Answer<T> answer) {
		return read(request(method, path), answer(method, path, body, true, answer), answer);
	}

	/**
	 * Sends a request without a token, as a login is: the one request made before there
	 * is one.
	 */
	public <T> T callWithoutToken(String method, String path, Object body, Answer<T> answer) {
		return read(request(method, path), answer(method, path, body, false, answer), answer);
	}

	/**
	 * Sends a request with the caller's token whose answer is {@code 204 No Content}.
	 */
	public void callForNoContent(String method, String path, Object body) {
		HttpResponse<String> response = exchange(method, path, body, true);
		if (response.statusCode() != 204) {
			throw notFlotilla(request(method, path) + " answered " + statusLine(response) + " with "
					+ contentOf(response) + ", not 204 No Content");
		}
	}

	/**
	 * The server's URL as the base of the API's paths. Anything but an http or https URL
	 * with a host is refused before a request, in words: the JDK's client would throw
	 * with the URL in its own.
	 */
	private static URI base(String server) {
		try {
			URI uri = new URI(server.endsWith("/") ? server : server + "/");
			if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
					&& uri.getHost() != null) {
				return uri;
			}
		}
		catch (URISyntaxException ex) {
			// refused below, as any other URL that is not a server's
		}
		String guess = server.contains("://") ? "" : " (did you mean http://" + server + "?)";
		throw new CliException(ExitCodes.BAD_INPUT,
				"--server " + server + " is not the URL of a server: write http://HOST:PORT" + guess);
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

	/**
	 * The path of a schedule. Its name is encoded whatever it is, since a schedule whose
	 * file name is not a schedule name is listed under that name, with its problem.
	 */
	private static String schedulePath(String name) {
		if (name.isBlank()) {
			throw new CliException(ExitCodes.BAD_INPUT, "a schedule name must not be blank");
		}
		return "api/schedules/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static void checkId(String id) {
		if (!ReleaseIds.isValid(id)) {
			throw new CliException(ExitCodes.BAD_INPUT, "release id '" + id + "' is not valid: " + ReleaseIds.RULE);
		}
	}

	private <T> T read(String request, String body, Answer<T> answer) {
		return answer.read(body)
			.orElseThrow(() -> notFlotilla(request + " answered with JSON that is not " + answer.what()));
	}

	/**
	 * Sends a request and returns the body of a JSON answer, the only kind a Flotilla
	 * server gives besides its refusals and its answers without content.
	 */
	private String answer(String method, String path, Object body, boolean withToken, Answer<?> expected) {
		HttpResponse<String> response = exchange(method, path, body, withToken);
		if (response.statusCode() >= 300 || !isJson(response)) {
			throw notFlotilla(request(method, path) + " answered " + statusLine(response) + " with "
					+ contentOf(response) + ", not " + expected.what() + " in JSON");
		}
		return response.body();
	}

	/**
	 * Sends a request and returns the answer unless it is an error, which is thrown as
	 * the server's refusal.
	 */
	private HttpResponse<String> exchange(String method, String path, Object body, boolean withToken) {
		String request = request(method, path);
		HttpRequest.Builder builder = HttpRequest.newBuilder(this.server.resolve(path))
			.timeout(REQUEST_TIMEOUT)
			.header("Accept", "application/json");
		if (withToken) {
			builder.header("Authorization", "Bearer " + this.token.get().orElseThrow(this::notLoggedIn));
		}
		if (body != null) {
			builder.header("Content-Type", "application/json");
		}
		builder.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))
				: HttpRequest.BodyPublishers.noBody());
		HttpResponse<String> response;
		try {
			response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (ConnectException | HttpConnectTimeoutException ex) {
			throw new CliException(ExitCodes.FAILED, "cannot reach the Flotilla server at " + this.server
					+ " (start it with 'flotilla server', or pass --server URL)");
		}
		catch (HttpTimeoutException ex) {
			throw new CliException(ExitCodes.FAILED,
					request + " got no answer within " + Durations.format(REQUEST_TIMEOUT));
		}
		catch (IOException ex) {
			throw notFlotilla(request + " failed: "
					+ Objects.requireNonNullElse(ex.getMessage(), "the connection ended without an answer"));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliException(ExitCodes.FAILED, "interrupted");
		}
		if (response.statusCode() >= 400) {
			throw refusal(request, response, withToken);
		}
		return response;
	}

	private CliException notLoggedIn() {
		return new CliException(ExitCodes.BAD_INPUT, "not logged in to " + this.server
				+ ": run 'flotilla login --server URL' (or set " + Credentials.TOKEN_VARIABLE + ")");
	}

	private String request(String method, String path) {
		return method + " " + this.server.resolve(path);
	}

	/**
	 * The server's refusal in its own words, from the problem document's {@code detail}
	 * (or {@code title}); an error without one did not come from a Flotilla server's API
	 * and says what it was instead. A token refused is one that expired, was revoked or
	 * belongs to a disabled user: only a new one helps.
	 */
	private CliException refusal(String request, HttpResponse<String> response, boolean withToken) {
		String explanation = isJson(response) ? problem(response.body()) : null;
		if (explanation == null) {
			String what = response.body().isBlank() ? "an empty body" : contentOf(response);
			return notFlotilla(request + " answered " + statusLine(response) + " with " + what
					+ " instead of a problem document saying what is wrong");
		}
		int code = response.statusCode();
		if (code == 401 && withToken) {
			return new CliException(ExitCodes.BAD_INPUT, explanation + "; run 'flotilla login' for a new token");
		}
		boolean badInput = List.of(400, 401, 403, 404, 409, 413).contains(code);
		return new CliException(badInput ? ExitCodes.BAD_INPUT : ExitCodes.FAILED, explanation);
	}

	private static String problem(String body) {
		try {
			JsonNode problem = JSON.readTree(body);
			for (String field : List.of("detail", "title")) {
				if (problem.hasNonNull(field) && !problem.get(field).asString().isBlank()) {
					return problem.get(field).asString();
				}
			}
		}
		catch (JacksonException ex) {
			// not JSON after all: no explanation
		}
		return null;
	}

	private CliException notFlotilla(String what) {
		return new CliException(ExitCodes.FAILED, what + ": is " + this.server + " a Flotilla server?");
	}

	private static boolean isJson(HttpResponse<String> response) {
		return mediaType(response).filter((type) -> type.equals("application/json") || type.endsWith("+json"))
			.isPresent();
	}

	private static String contentOf(HttpResponse<String> response) {
		return mediaType(response).orElse("a body of no declared type");
	}

	private static Optional<String> mediaType(HttpResponse<String> response) {
		return response.headers()
			.firstValue("Content-Type")
			.map((type) -> type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
	}

	private static String statusLine(HttpResponse<String> response) {
		HttpStatus status = HttpStatus.resolve(response.statusCode());
		return (status != null) ? status.value() + " " + status.getReasonPhrase()
				: String.valueOf(response.statusCode());
	}

	private static boolean isRelease(ReleaseStatus release) {
		return release != null && allSet(release.id(), release.state(), release.stages())
				&& release.stages().stream().allMatch(ServerClient::isStage);
	}

	private static boolean isSchedule(ScheduleView schedule) {
		return schedule != null && allSet(schedule.name(), schedule.file(), schedule.denied())
				&& (schedule.lastFire() == null || isFire(schedule.lastFire()));
	}

	private static boolean isFire(FireView fire) {
		return fire != null && allSet(fire.dueAt(), fire.firedAt(), fire.outcome(), fire.detail());
	}

	private static boolean isFreeze(FreezeView freeze) {
		return freeze != null && allSet(freeze.reason(), freeze.selector(), freeze.by(), freeze.from());
	}

	private static boolean isStage(StageProgress stage) {
		return stage != null && allSet(stage.name(), stage.failures());
	}

	/**
	 * Whether none of the fields is null.
	 */
	public static boolean allSet(Object... fields) {
		return Stream.of(fields).allMatch(Objects::nonNull);
	}

	/**
	 * What a request expects back: its type, and what makes a value of it one a Flotilla
	 * server wrote, since JSON of any other shape binds to a record of nulls.
	 *
	 * @param what the answer in words, such as {@code a release}, for messages
	 * @param type the type to read it as
	 * @param isComplete whether a value read has every field a server sets
	 */
	public record Answer<T>(String what, TypeReference<T> type, Predicate<T> isComplete) {

		Optional<T> read(String body) {
			try {
				return Optional.ofNullable(JSON.readValue(body, this.type)).filter(this.isComplete);
			}
			catch (JacksonException ex) {
				return Optional.empty();
			}
		}

	}

}
