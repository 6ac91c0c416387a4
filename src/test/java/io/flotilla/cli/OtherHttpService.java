package io.flotilla.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP service on 127.0.0.1 that is not Flotilla: it gives every request the same
 * answer and remembers what was asked.
 */
final class OtherHttpService implements AutoCloseable {

	private final HttpServer server;

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private OtherHttpService(int status, String contentType, String body) {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		this.server.createContext("/", (exchange) -> {
			this.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
			exchange.getRequestBody().readAllBytes();
			if (contentType != null) {
				exchange.getResponseHeaders().set("Content-Type", contentType);
			}
			exchange.sendResponseHeaders(status, (bytes.length > 0) ? bytes.length : -1);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		this.server.start();
	}

	/**
	 * A service answering every request with this status, content type (none when null)
	 * and body.
	 */
	static OtherHttpService answering(int status, String contentType, String body) {
		return new OtherHttpService(status, contentType, body);
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * The requests received, as method and path.
	 */
	List<String> requests() {
		return this.requests;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
