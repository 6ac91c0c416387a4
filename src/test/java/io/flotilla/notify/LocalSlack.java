package io.flotilla.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Slack Web API on 127.0.0.1 for the real Slack client: it records every call with its
 * parameters and answers {@code {"ok":true,"ts":"<n>","channel":"C1"}}, unless told to
 * answer the next calls with a given text with a rate limit or a server error.
 */
final class LocalSlack implements AutoCloseable {

	private final HttpServer server;

	private final AtomicLong ts = new AtomicLong(1000);

	private final List<Call> calls = new ArrayList<>();

	private final List<Answer> planned = new ArrayList<>();

	private LocalSlack(HttpServer server) {
		this.server = server;
	}

	static LocalSlack start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			LocalSlack slack = new LocalSlack(server);
			server.createContext("/", slack::answer);
			server.start();
			return slack;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The base URL of the Web API, for {@code flotilla.slack.api-url}.
	 */
	String apiUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/api/";
	}

	/**
	 * Answers the next {@code count} calls whose text contains {@code text} with HTTP 429
	 * and a Retry-After of {@code seconds}.
	 */
	synchronized void rateLimitNext(int count, String text, int seconds) {
		for (int i = 0; i < count; i++) {
			this.planned.add(new Answer(429, seconds, text));
		}
	}

	/**
	 * Answers the next {@code count} calls whose text contains {@code text} with the HTTP
	 * status, such as 500.
	 */
	synchronized void failNext(int count, String text, int status) {
		for (int i = 0; i < count; i++) {
			this.planned.add(new Answer(status, 0, text));
		}
	}

	/**
	 * Every call so far, answered or not, in the order they came.
	 */
	synchronized List<Call> calls() {
		return List.copyOf(this.calls);
	}

	/**
	 * The calls of one method, such as {@code chat.postMessage}.
	 */
	List<Call> calls(String method) {
		return calls().stream().filter((call) -> call.method().equals(method)).toList();
	}

	private void answer(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String path = exchange.getRequestURI().getPath();
		String method = path.startsWith("/api/") ? path.substring("/api/".length()) : path;
		Answer answer;
		String ts;
		synchronized (this) {
			Map<String, String> params = params(body);
			String text = params.getOrDefault("text", "");
			answer = this.planned.stream()
				.filter((planned) -> text.contains(planned.text()))
				.findFirst()
				.orElse(new Answer(200, 0, ""));
			this.planned.remove(answer);
			ts = Long.toString(this.ts.incrementAndGet());
			this.calls
				.add(new Call(method, params, answer.status(), (answer.status() == 200) ? ts : null, Instant.now()));
		}
		String json = (answer.status() == 200) ? "{\"ok\":true,\"ts\":\"" + ts + "\",\"channel\":\"C1\"}"
				: (answer.status() == 429) ? "{\"ok\":false,\"error\":\"ratelimited\"}"
						: "{\"ok\":false,\"error\":\"fatal_error\"}";
		if (answer.status() == 429) {
			exchange.getResponseHeaders().add("Retry-After", Integer.toString(answer.retryAfter()));
		}
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
		exchange.sendResponseHeaders(answer.status(), bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static Map<String, String> params(String body) {
		Map<String, String> params = new LinkedHashMap<>();
		if (body.isBlank()) {
			return params;
		}
		for (String field : body.split("&")) {
			int equals = field.indexOf('=');
			String name = (equals < 0) ? field : field.substring(0, equals);
			String value = (equals < 0) ? "" : field.substring(equals + 1);
			params.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return params;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * One call of the Web API.
	 *
	 * @param method the method, such as {@code chat.postMessage}
	 * @param params its form parameters
	 * @param status the HTTP status it was answered with
	 * @param ts the ts of the message it posted, or null when it was not answered
	 * @param at when it came
	 */
	record Call(String method, Map<String, String> params, int status, String ts, Instant at) {

		String param(String name) {
			return this.params.get(name);
		}

		boolean answered() {
			return this.status == 200;
		}

	}

	private record Answer(int status, int retryAfter, String text) {

	}

}
