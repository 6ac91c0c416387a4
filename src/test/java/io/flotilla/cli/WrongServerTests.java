package io.flotilla.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.Cli.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.flotilla.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line pointed at something that is not a Flotilla server: each request ends
 * in one line that says what was reached and what was expected, never a stack trace, a
 * Jackson message or a release whose fields are null.
 */
class WrongServerTests {

	@RegisterExtension
	final TokenFile tokenFile = TokenFile.holding("flt_any");

	@TempDir
	Path directory;

	@Test
	void aServerWithoutASchemeIsRefusedWithTheUrlItProbablyMeans() {
		Run run = run("release", "status", "r1", "--server", "127.0.0.1:18999");

		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).isEqualTo("error: --server 127.0.0.1:18999 is not the URL of a server:"
				+ " write http://HOST:PORT (did you mean http://127.0.0.1:18999?)\n");
	}

	@Test
	void aServerThatIsNoUrlAtAllIsRefused() {
		Run run = run("release", "list", "--server", "http://127.0.0.1:8080/a b");

		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).isEqualTo(
				"error: --server http://127.0.0.1:8080/a b is not the URL of a server: write http://HOST:PORT\n");
	}

	@Test
	void aWebPageIsNotTakenForAnAnswer() throws IOException {
		try (OtherHttpService page = OtherHttpService.answering(200, "text/html; charset=utf-8", "<html></html>")) {
			for (Run run : everyRequest(page.url())) {
				assertOneLine(run, "answered 200 OK with text/html, not ",
						" in JSON: is " + page.url() + "/ a Flotilla server?\n");
			}
			assertThat(run("release", "status", "r1", "--server", page.url()).err()).isEqualTo("error: GET "
					+ page.url() + "/api/releases/r1 answered 200 OK with text/html, not a release in JSON: is "
					+ page.url() + "/ a Flotilla server?\n");
			assertThat(run("user", "disable", "bob", "--server", page.url()).err()).isEqualTo("error: POST "
					+ page.url() + "/api/users/bob/disable answered 200 OK with text/html, not 204 No Content: is "
					+ page.url() + "/ a Flotilla server?\n");
		}
	}

	@Test
	void jsonOfAnotherShapeIsNotTakenForAReleaseWithNullFields() throws IOException {
		for (String json : List.of("{\"status\": \"ok\"}", "[{\"name\": \"x\"}]", "null", "{\"id\": \"r1\"}",
				"{\"id\": \"r1\", \"state\": \"RUNNING\", \"stages\": [{}]}")) {
			try (OtherHttpService service = OtherHttpService.answering(200, "application/json", json)) {
				for (Run run : everyRequest(service.url())) {
					assertOneLine(run, "answered with JSON that is not ",
							": is " + service.url() + "/ a Flotilla server?\n");
				}
			}
		}
		try (OtherHttpService service = OtherHttpService.answering(200, "application/json", "{}")) {
			assertThat(run("release", "pause", "r1", "--server", service.url()).err()).isEqualTo("error: POST "
					+ service.url() + "/api/releases/r1/pause answered with JSON that is not a release: is "
					+ service.url() + "/ a Flotilla server?\n");
		}
	}

	@Test
	void anErrorWithoutAProblemDocumentSaysWhatCameBackInstead() throws IOException {
		try (OtherHttpService empty = OtherHttpService.answering(404, null, "");
				OtherHttpService page = OtherHttpService.answering(502, "text/html", "<h1>Bad Gateway</h1>")) {
			for (Run run : everyRequest(empty.url())) {
				assertOneLine(run, "answered 404 Not Found with an empty body instead of a problem document",
						": is " + empty.url() + "/ a Flotilla server?\n");
			}
			for (Run run : everyRequest(page.url())) {
				assertOneLine(run, "answered 502 Bad Gateway with text/html instead of a problem document",
						": is " + page.url() + "/ a Flotilla server?\n");
			}
		}
	}

	@Test
	void aProblemDocumentWithoutDetailIsExplainedByItsTitle() {
		try (OtherHttpService problem = OtherHttpService.answering(405, "application/problem+json",
				"{\"type\": \"about:blank\", \"title\": \"Method Not Allowed\", \"status\": 405}")) {
			Run run = run("release", "list", "--server", problem.url());

			assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
			assertThat(run.err()).isEqualTo("error: Method Not Allowed\n");
		}
	}

	@Test
	void aServiceThatDoesNotSpeakHttpIsNamed() throws IOException {
		try (ServerSocket ssh = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread greeter = new Thread(() -> greetUntilClosed(ssh));
			greeter.setDaemon(true);
			greeter.start();
			String url = "http://127.0.0.1:" + ssh.getLocalPort();

			Run run = run("release", "list", "--server", url);

			assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
			assertThat(run.err()).isEqualTo("error: GET " + url + "/api/releases failed: Invalid status line:"
					+ " \"SSH-2.0-OpenSSH_9.6\": is " + url + "/ a Flotilla server?\n");
		}
	}

	/**
	 * Every command that asks the server, each once.
	 */
	private List<Run> everyRequest(String server) throws IOException {
		Path plan = Files.writeString(this.directory.resolve("plan.yaml"), "name: any\n");
		List<List<String>> commands = List.of(List.of("release", "start", plan.toString(), "--id", "r1"),
				List.of("release", "status", "r1"), List.of("release", "status", "r1", "--json"),
				List.of("release", "list"), List.of("release", "cancel", "r1"),
				List.of("release", "pause", "--all", "--reason", "test"), List.of("release", "events", "r1"),
				List.of("claims"), List.of("token", "create", "--name", "ci"), List.of("token", "list"),
				List.of("token", "revoke", "1"), List.of("user", "list"));
		List<Run> runs = new ArrayList<>();
		for (List<String> command : commands) {
			List<String> args = new ArrayList<>(command);
			args.addAll(List.of("--server", server));
			runs.add(run(args.toArray(String[]::new)));
		}
		return runs;
	}

	private static void assertOneLine(Run run, String middle, String end) {
		assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FAILED);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).startsWith("error: ").contains(middle).endsWith(end).containsOnlyOnce("\n");
	}

	private static void greetUntilClosed(ServerSocket server) {
		try {
			while (true) {
				try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
					out.write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
				}
			}
		}
		catch (IOException ex) {
			// the socket was closed: the test is over
		}
	}

}
