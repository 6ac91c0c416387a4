package io.flotilla.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ServerProcess;
import io.flotilla.support.TestDatabases;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two servers on one database, each with its own copy of the schedules directory, as two
 * pods mounting one ConfigMap: each due time of a schedule fires on one of them only
 * (Quartz's clustered store), and the server whose copy is older never brings back a
 * schedule the newer copy removed.
 */
class SchedulesOnTwoServersIntegrationTests {

	// a source nobody answers: every fire is recorded as skipped, and none starts a
	// release
	private static final String SCHEDULE = """
			plan: fleet
			cron: "* * * * * ?"
			version: {url: "http://127.0.0.1:9/versions"}
			runAs: admin
			""";

	@TempDir
	Path directory;

	@RegisterExtension
	final ServerHarness harness = new ServerHarness("schedule-logs");

	@Test
	void eachDueTimeFiresOnceAndTheStaleCopyChangesNothing() throws IOException {
		// given a newer copy of the directory for one server and an older one for the
		// other
		this.harness
			.startFleet(SandboxOptions.defaults().withClusters(4).withRegionCount(1).withDirectory(this.directory));
		FaultRelease database = this.harness.release("schedules");
		Path plans = Files.createDirectories(this.directory.resolve("plans"));
		Files.writeString(plans.resolve("fleet.yaml"), TestPlans.plan("fleet", """
				stages:
				  - name: all
				    groups:
				      - name: all
				        contexts: [us-east-1]
				"""));
		Path stale = copy("stale", Instant.now().minus(Duration.ofHours(1)));
		Path fresh = copy("fresh", Instant.now());
		ServerProcess first = this.harness.startServer("schedules-1", settings(fresh, plans));
		ServerProcess second = this.harness.startServer("schedules-2", settings(stale, plans));
		JdbcClient jdbc = TestDatabases.client(database.jdbcUrl());

		// when the newer copy loses a schedule
		Files.delete(fresh.resolve("removed.yaml"));

		// then it is removed, and the stale copy does not bring it back over several
		// rescans
		await("removed").atMost(Duration.ofSeconds(15)).until(() -> schedules(jdbc).equals(List.of("every-second")));
		await("kept removed").during(Duration.ofSeconds(4))
			.atMost(Duration.ofSeconds(6))
			.until(() -> schedules(jdbc).equals(List.of("every-second")));
		assertThat(second.logTail(2000)).contains("it is stale and changes nothing");

		// and every due time of the schedule fired exactly once, on one server or the
		// other
		await("fires").atMost(Duration.ofSeconds(20)).until(() -> firesPerDueTime(jdbc).size() >= 8);
		assertThat(firesPerDueTime(jdbc)).allSatisfy((count) -> assertThat(count).isEqualTo(1));
		assertThat(first.isAlive() && second.isAlive()).isTrue();
	}

	private Path copy(String name, Instant modified) throws IOException {
		Path copy = Files.createDirectories(this.directory.resolve(name));
		for (String schedule : List.of("every-second", "removed")) {
			Path file = Files.writeString(copy.resolve(schedule + ".yaml"), SCHEDULE);
			Files.setLastModifiedTime(file, FileTime.from(modified));
		}
		Files.setLastModifiedTime(copy, FileTime.from(modified));
		return copy;
	}

	private static Map<String, String> settings(Path schedules, Path plans) {
		return Map.of("FLOTILLA_SCHEDULES_DIRECTORY", schedules.toString(), "FLOTILLA_SCHEDULES_PLANS",
				plans.toString(), "FLOTILLA_SCHEDULES_RESCAN", "1s");
	}

	private static List<String> schedules(JdbcClient jdbc) {
		return jdbc.sql("SELECT name FROM flotilla_schedule ORDER BY name").query(String.class).list();
	}

	private static List<Integer> firesPerDueTime(JdbcClient jdbc) {
		return jdbc.sql("SELECT count(*) FROM flotilla_schedule_fire WHERE schedule = 'every-second' GROUP BY due_at")
			.query(Integer.class)
			.list();
	}

}
