package io.flotilla.cli;

import io.flotilla.cli.client.ExitCodes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code flotilla} script run by bash in a copy of the project's layout, with a
 * {@code java} on the PATH that records how it was called and answers as the jar does
 * (its {@code server --check-only} is tested in {@link ServerCommandTests}), so that what
 * the script starts can be seen without a build.
 */
class FlotillaScriptTests {

	private static final String JAVA = """
			#!/usr/bin/env bash
			printf '%s\\n' "$*" >>"$FAKE_JAVA_LOG"
			case " $* " in
			*" -version "*) echo 'openjdk version "17.0.15"' >&2 ;;
			*" --check-only --help "*) echo "Usage: flotilla server" ;;
			*" --check-only --port eighty "*) echo "error: Invalid value for option '--port'" >&2; exit 2 ;;
			*" --check-only "*) exit 3 ;;
			esac
			""";

	@TempDir
	Path project;

	private Path log;

	@BeforeEach
	void copyTheLayout() throws IOException {
		Files.copy(Path.of("flotilla"), this.project.resolve("flotilla"));
		Files.writeString(this.project.resolve("pom.xml"), "");
		Files.createDirectories(this.project.resolve("src/main"));
		Path jar = Files.createDirectories(this.project.resolve("target")).resolve("flotilla.jar");
		Files.writeString(jar, "");
		Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
		Path java = Files.createDirectories(this.project.resolve("bin")).resolve("java");
		Files.writeString(java, JAVA);
		Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.log = this.project.resolve("java.log");
	}

	@Test
	void serverHelpAndBadUsageStartNothing() throws Exception {
		Result help = flotilla("server", "--help");
		Result badUsage = flotilla("server", "--port", "eighty");

		assertThat(help.exitCode()).isZero();
		assertThat(help.out()).isEqualTo("Usage: flotilla server\n");
		assertThat(badUsage.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(javaCalls()).containsExactly("-version", "-jar " + jar() + " server --check-only --help", "-version",
				"-jar " + jar() + " server --check-only --port eighty");
		assertThat(help.err() + badUsage.err()).doesNotContain("recording");
	}

	@Test
	void aServerThatWillStartIsRecordedFirst() throws Exception {
		Result start = flotilla("server", "--port", "0");

		assertThat(start.exitCode()).isZero();
		assertThat(start.err()).contains("recording the classes a server loads at start-up");
		List<String> calls = javaCalls();
		assertThat(calls.get(1)).isEqualTo("-jar " + jar() + " server --check-only --port 0");
		assertThat(calls).anySatisfy((call) -> assertThat(call).startsWith("-XX:ArchiveClassesAtExit="));
		assertThat(calls.get(calls.size() - 1)).isEqualTo("-jar " + jar() + " server --port 0");
	}

	private Result flotilla(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("bash", this.project.resolve("flotilla").toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.project.toFile());
		builder.environment().put("PATH", this.project.resolve("bin") + ":" + System.getenv("PATH"));
		builder.environment().put("FAKE_JAVA_LOG", this.log.toString());
		builder.environment().remove("FLOTILLA_JAVA_OPTS");
		Path out = this.project.resolve("out");
		Path err = this.project.resolve("err");
		Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the script ended").isTrue();
		return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
	}

	private List<String> javaCalls() throws IOException {
		return Files.readAllLines(this.log, StandardCharsets.UTF_8);
	}

	private Path jar() {
		return this.project.resolve("target/flotilla.jar");
	}

	/**
	 * What the script printed and how it exited.
	 */
	private record Result(int exitCode, String out, String err) {

	}

}
