package io.flotilla.health;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetSettings;
import io.flotilla.plan.Target;
import io.flotilla.plan.check.Check;
import io.flotilla.plan.check.CheckPolicy;
import io.flotilla.plan.check.HttpCheck;
import io.flotilla.plan.check.Template;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The HTTP check against a local server, and what every check shares: the deadline, the
 * bounded pool, an interrupted caller.
 */
class HttpChecksIntegrationTests {

	private static final ClusterRef CLUSTER = new ClusterRef("region-1", "tenant-0042", "ch-events", "24.8");

	private static final Subject SUBJECT = Subject.afterPatch(CLUSTER, Target.STATEFUL_SET, "canary", Instant.now(),
			List.of());

	@TempDir
	static Path directory;

	static HttpServer server;

	static ExecutorService serverThreads = Executors.newCachedThreadPool();

	static CountDownLatch released = new CountDownLatch(1);

	static AtomicInteger inFlight = new AtomicInteger();

	static AtomicInteger mostInFlight = new AtomicInteger();

	static Fleet fleet;

	static HealthChecks checks;

	static String base;

	@BeforeAll
	static void startServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/tenant-0042/ch-events/ping", (exchange) -> answer(exchange, 200, "Ok.\n"));
		server.createContext("/down", (exchange) -> answer(exchange, 503, "Service Unavailable"));
		server.createContext("/hang", (exchange) -> {
			await(released, Duration.ofSeconds(30));
			answer(exchange, 200, "late");
		});
		server.createContext("/busy", (exchange) -> {
			mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			await(new CountDownLatch(1), Duration.ofMillis(200));
			inFlight.decrementAndGet();
			answer(exchange, 200, "Ok.");
		});
		server.setExecutor(serverThreads);
		server.start();
		base = "http://127.0.0.1:" + server.getAddress().getPort();
		// no kubeconfig: the labels cannot be read, which an http check without
		// {label.…} does not need
		fleet = new Fleet(FleetSettings.defaults(directory.resolve("kubeconfig")));
		checks = HealthChecks.create(fleet,
				HealthSettings.defaults(Optional.empty()).withTimeout(Duration.ofSeconds(1)));
	}

	@AfterAll
	static void stopServer() {
		released.countDown();
		checks.close();
		fleet.close();
		server.stop(0);
		serverThreads.shutdownNow();
	}

	@Test
	void passesWhenTheStatusAndTheBodyAreAsExpected() throws InterruptedException {
		Verdict verdict = checks.check(List.of(http("ping", base + "/{namespace}/{name}/ping", 200, "Ok.")), SUBJECT)
			.get(0);

		assertThat(verdict).isEqualTo(new Verdict("ping", true, "200", "200 with 'Ok.'",
				base + "/tenant-0042/ch-events/ping answered 200 with 'Ok.' for tenant-0042/ch-events"));
	}

	@Test
	void failsOnAnotherStatus() throws InterruptedException {
		Verdict verdict = checks.check(List.of(http("ping", base + "/down", 200, null)), SUBJECT).get(0);

		assertThat(verdict).isEqualTo(new Verdict("ping", false, "503", "200",
				base + "/down answered 503, not 200, for tenant-0042/ch-events"));
	}

	@Test
	void failsWhenTheBodyLacksTheText() throws InterruptedException {
		Verdict verdict = checks
			.check(List.of(http("ping", base + "/{namespace}/{name}/ping", 200, "Healthy")), SUBJECT)
			.get(0);

		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.value()).isEqualTo("200");
		assertThat(verdict.description()).isEqualTo(base
				+ "/tenant-0042/ch-events/ping answered 200 without 'Healthy' in its body for tenant-0042/ch-events");
	}

	@Test
	void failsWhenNobodyListens() throws InterruptedException {
		Verdict verdict = checks.check(List.of(http("ping", "http://127.0.0.1:1/ping", 200, null)), SUBJECT).get(0);

		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.description())
			.isEqualTo("http://127.0.0.1:1/ping did not answer for tenant-0042/ch-events: connection refused");
	}

	@Test
	void aTargetThatDoesNotAnswerFailsAtTheTimeout() throws InterruptedException {
		long start = System.nanoTime();

		Verdict verdict = checks.check(List.of(http("ping", base + "/hang", 200, null)), SUBJECT).get(0);

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.description()).contains("within 1s");
	}

	@Test
	void theChecksOfManyClustersRunSideBySideNoMoreThanThePoolsThreads() throws InterruptedException {
		mostInFlight.set(0);
		try (HealthChecks twoThreads = HealthChecks.create(fleet,
				new HealthSettings(Optional.empty(), 2, Duration.ofSeconds(5), Duration.ofMinutes(10)))) {
			List<Check> both = List.of(http("a", base + "/busy", 200, "Ok."), http("b", base + "/busy", 200, "Ok."));
			List<Subject> subjects = Collections.nCopies(3, SUBJECT);

			List<List<Verdict>> verdicts = twoThreads.checkEach(both, subjects);

			assertThat(verdicts).hasSize(3)
				.allSatisfy((round) -> assertThat(round).extracting(Verdict::check).containsExactly("a", "b"));
			assertThat(verdicts).flatMap((round) -> round)
				.allSatisfy((verdict) -> assertThat(verdict.passed()).isTrue());
			assertThat(mostInFlight.get()).isEqualTo(2);
		}
	}

	@Test
	void anInterruptedCallerGetsInterruptedException() throws Exception {
		ExecutorService callers = Executors.newSingleThreadExecutor();
		CompletableFuture<Thread> caller = new CompletableFuture<>();
		CompletableFuture<Throwable> thrown = CompletableFuture.supplyAsync(() -> {
			caller.complete(Thread.currentThread());
			try {
				checks.check(List.of(http("ping", base + "/hang", 200, null)), SUBJECT);
				return null;
			}
			catch (InterruptedException ex) {
				return ex;
			}
		}, callers);
		try {
			caller.get(5, TimeUnit.SECONDS).interrupt();

			assertThat(thrown.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void aClosedHealthChecksRefusesWork() {
		HealthChecks closed = HealthChecks.create(fleet, HealthSettings.defaults(Optional.empty()));
		closed.close();

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> closed.check(List.of(http("ping", base + "/down", 200, null)), SUBJECT))
			.withMessage("the health checks are closed");
	}

	private static HttpCheck http(String name, String url, int status, String body) {
		return new HttpCheck(name, new Template(url), status, Optional.ofNullable(body), CheckPolicy.PAUSE);
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static void await(CountDownLatch latch, Duration atMost) {
		try {
			latch.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
