package io.flotilla.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresServerTests {

	private static final Duration POLL = Duration.ofMillis(10);

	@TempDir
	Path dataDirectory;

	private Process postmaster;

	@BeforeEach
	void startProcess() throws Exception {
		this.postmaster = new ProcessBuilder("sleep", "30").start();
	}

	@AfterEach
	void stopProcess() {
		this.postmaster.destroyForcibly();
	}

	@Test
	void aPostmasterLetsGoWhenItRemovesItsLockFileThoughItHasNotExitedYet() throws Exception {
		// given
		Path lockFile = writeLockFile(this.postmaster.pid());
		CompletableFuture.runAsync(() -> delete(lockFile),
				CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
		long start = System.nanoTime();

		// when
		boolean released = EmbeddedPostgresServer.awaitRelease(this.dataDirectory, this.postmaster.toHandle(),
				Duration.ofSeconds(10), POLL);

		// then
		assertThat(released).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(this.postmaster.isAlive()).isTrue();
	}

	@Test
	void aPostmasterLetsGoWhenItEndsWithoutRemovingItsLockFile() throws Exception {
		// given
		writeLockFile(this.postmaster.pid());
		this.postmaster.destroyForcibly().waitFor();

		// when
		boolean released = EmbeddedPostgresServer.awaitRelease(this.dataDirectory, this.postmaster.toHandle(),
				Duration.ofSeconds(10), POLL);

		// then
		assertThat(released).isTrue();
	}

	@Test
	void aLivePostmasterNamedInTheLockFileStillOwnsTheDirectoryAfterTheTimeout() throws Exception {
		// given
		writeLockFile(this.postmaster.pid());

		// when
		boolean released = EmbeddedPostgresServer.awaitRelease(this.dataDirectory, this.postmaster.toHandle(),
				Duration.ofMillis(200), POLL);

		// then
		assertThat(released).isFalse();
	}

	@Test
	void everyTrustLineOfPgHbaAsksForThePasswordAndCommentsStayAsTheyWere() {
		// given
		String hba = """
				# METHOD can be "trust", "reject", "md5", "password", "scram-sha-256", ...
				# "local" is for Unix domain socket connections only
				local   all             all                                     trust
				host    all             all             127.0.0.1/32            trust
				host    replication     all             ::1/128                 trust
				host    all             all             10.0.0.0/8              trust# the office
				local   all             trusted                                 peer
				""";

		// when
		String locked = EmbeddedPostgresServer.withoutTrust(hba);

		// then
		assertThat(EmbeddedPostgresServer.trusts(hba)).isTrue();
		assertThat(locked).isEqualTo("""
				# METHOD can be "trust", "reject", "md5", "password", "scram-sha-256", ...
				# "local" is for Unix domain socket connections only
				local   all             all                                     scram-sha-256
				host    all             all             127.0.0.1/32            scram-sha-256
				host    replication     all             ::1/128                 scram-sha-256
				host    all             all             10.0.0.0/8              scram-sha-256# the office
				local   all             trusted                                 peer
				""");
		assertThat(EmbeddedPostgresServer.trusts(locked)).isFalse();
		assertThat(EmbeddedPostgresServer.withoutTrust(locked)).isEqualTo(locked);
	}

	private Path writeLockFile(long pid) throws Exception {
		return Files.writeString(this.dataDirectory.resolve("postmaster.pid"),
				pid + "\n" + this.dataDirectory + "\n1700000000\n5432\n");
	}

	private static void delete(Path file) {
		try {
			Files.delete(file);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
