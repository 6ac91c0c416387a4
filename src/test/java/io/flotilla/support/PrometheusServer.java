package io.flotilla.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.client.Config;
import io.flotilla.sandbox.SandboxFleet;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (Debian's {@code prometheus} package, or the binary that
 * {@code FLOTILLA_PROMETHEUS} names) on a free loopback port, scraping targets every
 * second. A missing binary fails the test that needs it, since a skipped Prometheus test
 * would pass on a machine that never ran it.
 */
public final class PrometheusServer implements AutoCloseable {

	static final String MISSING = "the Prometheus checks' tests need Debian's prometheus package: apt-get install prometheus";

	private final Process process;

	private final URI url;

	private final Path log;

	private PrometheusServer(Process process, URI url, Path log) {
		this.process = process;
		this.url = url;
		this.log = log;
	}

	/**
	 * Starts Prometheus scraping {@code /metrics} of every region of the sandbox, and
	 * waits until it is ready.
	 * @param directory where its configuration, its data and its log go
	 */
	public static PrometheusServer scraping(SandboxFleet sandbox, Path directory) {
		List<String> targets = sandbox.contexts()
			.stream()
			.map((context) -> URI.create(Config.fromKubeconfig(context, sandbox.kubeconfig().toFile()).getMasterUrl()))
			.map((server) -> server.getHost() + ":" + server.getPort())
			.toList();
		return start(targets, directory);
	}

	/**
	 * Starts Prometheus scraping {@code http://TARGET/metrics} of each target
	 * ({@code host:port}), and waits until it is ready.
	 */
	public static PrometheusServer start(List<String> targets, Path directory) {
		Path binary = binary();
		try {
			Path config = directory.resolve("prometheus.yml");
			Files.writeString(config, """
					global:
					  scrape_interval: 1s
					  evaluation_interval: 1s
					scrape_configs:
					  - job_name: sandbox
					    metrics_path: /metrics
					    static_configs:
					      - targets: [%s]
					"""
				.formatted(targets.stream().map((target) -> "'" + target + "'").collect(Collectors.joining(", "))));
			int port = freePort();
			Path log = directory.resolve("prometheus.log");
			Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
					"--storage.tsdb.path=" + Files.createDirectories(directory.resolve("data")),
					"--web.listen-address=127.0.0.1:" + port)
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
			try {
				server.awaitReady();
			}
			catch (RuntimeException ex) {
				server.close();
				throw new IllegalStateException("Prometheus did not get ready; its log:\n" + server.log(), ex);
			}
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Where its HTTP API is, such as {@code http://127.0.0.1:40123}.
	 */
	public URI url() {
		return this.url;
	}

	/**
	 * Waits until Prometheus holds a sample of the metric, so a test's first query finds
	 * data.
	 */
	public void awaitSeries(String metric) {
		HttpClient client = HttpClient.newHttpClient();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create(this.url + "/api/v1/query?query=" + metric)).build(),
					HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"__name__\":\"" + metric + "\"");
		});
	}

	/**
	 * The body of Prometheus's answer to an instant query, for a test to wait until a
	 * query such as a {@code rate} has data.
	 */
	public String query(String promql) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI
						.create(this.url + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while asking Prometheus " + promql, ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private void awaitReady() {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Prometheus exited with " + this.process.exitValue());
			}
			try {
				return client
					.send(HttpRequest.newBuilder(URI.create(this.url + "/-/ready")).build(),
							HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	private String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(unreadable: " + ex.getMessage() + ")";
		}
	}

	static Path binary() {
		String configured = System.getenv("FLOTILLA_PROMETHEUS");
		Path binary = Path.of((configured != null && !configured.isBlank()) ? configured : "/usr/bin/prometheus");
		if (!Files.isExecutable(binary)) {
			throw new IllegalStateException(
					MISSING + " (" + binary + " is missing; FLOTILLA_PROMETHEUS may name another binary)");
		}
		return binary;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
