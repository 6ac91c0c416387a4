package io.flotilla.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP against the server under test, with JSON bodies, answering every status as
 * it is. Every request a test sends to a Flotilla server is built by
 * {@link #request(String)}, so the token every request carries is added there once; the
 * only other is {@link #raw}, for what HttpClient cannot send, which carries only the
 * headers a test gives it.
 */
public final class TestHttp {

	public static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final HttpClient http;

	private final String baseUrl;

	private final Duration requestTimeout;

	private final String token;

	/**
	 * HTTP without credentials, as anyone who can reach the port.
	 */
	public TestHttp(int port) {
		this(port, Duration.ofSeconds(5), Duration.ofSeconds(30));
	}

	public TestHttp(int port, Duration connectTimeout, Duration requestTimeout) {
		this(HttpClient.newBuilder().connectTimeout(connectTimeout).build(), "http://127.0.0.1:" + port, requestTimeout,
				null);
	}

	private TestHttp(HttpClient http, String baseUrl, Duration requestTimeout, String token) {
		this.http = http;
		this.baseUrl = baseUrl;
		this.requestTimeout = requestTimeout;
		this.token = token;
	}

	/**
	 * The same server, with every request sending the token, or none when it is null.
	 */
	public TestHttp withToken(String token) {
		return new TestHttp(this.http, this.baseUrl, this.requestTimeout, token);
	}

	/**
	 * Logs in with a password ({@code POST /api/login}) and answers HTTP that sends the
	 * token it got.
	 * @throws IllegalStateException when the login is refused
	 */
	public TestHttp loggedIn(String user, String password) {
		Response login = withToken(null).post("/api/login", Map.of("user", user, "password", password));
		if (login.status() != 201) {
			throw new IllegalStateException("login as " + user + " refused: " + login.status() + " " + login.body());
		}
		return withToken(login.json().get("token").asString());
	}

	/**
	 * The token every request sends, or null.
	 */
	public String token() {
		return this.token;
	}

	/**
	 * The server's address, {@code http://127.0.0.1:<port>}.
	 */
	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * A request to a path of the server, with its address, timeout and token: the one
	 * place requests to the server are built.
	 */
	public HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(this.requestTimeout);
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		return request;
	}

	public Response get(String path) {
		return send(request(path).header("Accept", "application/json").GET());
	}

	/**
	 * GETs a page as a browser asks for it.
	 */
	public Response getHtml(String path) {
		return send(request(path).header("Accept", "text/html").GET());
	}

	/**
	 * POSTs the fields as a browser sends a form, asking for a page; the answer to a form
	 * is usually a redirect, which is not followed.
	 */
	public Response postForm(String path, Map<String, String> fields) {
		String body = fields.entrySet()
			.stream()
			.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(request(path).header("Accept", "text/html")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * POSTs the body as JSON, or nothing when it is null.
	 */
	public Response post(String path, Object body) {
		HttpRequest.Builder request = request(path).header("Accept", "application/json");
		if (body == null) {
			return send(request.POST(HttpRequest.BodyPublishers.noBody()));
		}
		return send(request.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
	}

	/**
	 * POSTs the text as it is, with the content type given: for bodies that are not the
	 * JSON of an object.
	 */
	public Response post(String path, String contentType, String text) {
		return send(request(path).header("Accept", "application/json")
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(text)));
	}

	/**
	 * Sends a request line and the headers given, exactly those and no body, over a
	 * socket of its own, and reads the answer until the server closes the connection. It
	 * is for what HttpClient will not send (a Host header of the test's own, or none) or
	 * gets wrong (on JDK 17 it waits forever for the {@code 100 Continue} that a refused
	 * {@code Expect: 100-continue} never gets). The status is that of the first status
	 * line, so an interim {@code 100} is what a test sees.
	 */
	public Response raw(String method, String path, String protocol, Map<String, String> headers) {
		URI server = URI.create(this.baseUrl);
		try (Socket socket = new Socket(server.getHost(), server.getPort())) {
			socket.setSoTimeout((int) this.requestTimeout.toMillis());
			StringBuilder head = new StringBuilder(method + " " + path + " " + protocol + "\r\n");
			headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			socket.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			int headEnd = answer.indexOf("\r\n\r\n");
			List<String> lines = List.of(answer.substring(0, headEnd).split("\r\n"));
			String body = answer.substring(headEnd + 4);
			if (header(lines, "Transfer-Encoding") != null) {
				body = unchunked(body);
			}
			return new Response(Integer.parseInt(lines.get(0).split(" ")[1]),
					new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
					header(lines, "Content-Type"), headers(lines.subList(1, lines.size())));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String header(List<String> lines, String name) {
		return lines.stream()
			.filter((line) -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
			.map((line) -> line.substring(name.length() + 1).strip())
			.findFirst()
			.orElse(null);
	}

	private static HttpHeaders headers(List<String> lines) {
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (String line : lines) {
			int colon = line.indexOf(':');
			if (colon <= 0) {
				continue;
			}
			headers.computeIfAbsent(line.substring(0, colon), (name) -> new ArrayList<>())
				.add(line.substring(colon + 1).strip());
		}
		return HttpHeaders.of(headers, (name, value) -> true);
	}

	private static String unchunked(String body) {
		StringBuilder text = new StringBuilder();
		int at = 0;
		while (true) {
			int sizeEnd = body.indexOf("\r\n", at);
			int size = Integer.parseInt(body.substring(at, sizeEnd).strip(), 16);
			if (size == 0) {
				return text.toString();
			}
			text.append(body, sizeEnd + 2, sizeEnd + 2 + size);
			at = sizeEnd + 2 + size + 2;
		}
	}

	/**
	 * Sends a request built from {@link #request(String)}; a connection that fails is an
	 * {@link UncheckedIOException}.
	 */
	public Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(),
					response.headers().firstValue("Content-Type").orElse(null), response.headers());
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
	 * An HTTP answer: its status, body, content type (null when it has none) and headers.
	 */
	public record Response(int status, String body, String contentType, HttpHeaders headers) {

		/**
		 * The first value of the header, whatever the case of its name.
		 */
		public Optional<String> header(String name) {
			return this.headers.firstValue(name);
		}

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public <T> T as(Class<T> type) {
			return JSON.readValue(this.body, type);
		}

	}

}
