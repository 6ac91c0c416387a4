package io.flotilla.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.flotilla.bench.BenchReport.Figure;
import io.flotilla.bench.measure.Percentiles;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.sandbox.SandboxPlans;

/**
 * Part 8: schedules firing every second on one server, for a while. How late each fire
 * was decided, from its due time to its recorded outcome: Quartz's trigger, the
 * schedule's lock and the fire's rules. Each schedule's first fire starts a release that
 * waits for approval; every later fire is skipped because that release is still active,
 * so the figure is the schedule machinery's, not a release start's.
 */
final class ScheduleFires {

	private static final int SCHEDULES = 5;

	private ScheduleFires() {
	}

	static void measure(BenchOptions options, Scale.Say say, List<Figure> figures) throws Exception {
		Path directory = options.directory().resolve("schedules");
		say.say("8. schedule fires: %d schedules firing every second for %d s", SCHEDULES, options.scheduleSeconds());
		Path schedules = Files.createDirectories(directory.resolve("schedules"));
		Path plans = Files.createDirectories(directory.resolve("plans"));
		SandboxOptions sandbox = SandboxOptions.defaults()
			.withClusters(SCHEDULES * 2)
			.withRegionCount(1)
			.withFailRate(0)
			.withSlowRate(0)
			.withPodRestart(Duration.ZERO)
			.withDirectory(directory.resolve("sandbox"));
		try (SandboxFleet fleet = SandboxFleet.start(sandbox)) {
			for (int i = 1; i <= SCHEDULES; i++) {
				String name = "every-second-" + i;
				Files.writeString(plans.resolve(name + ".yaml"), plan(name, fleet.contexts().get(0), i));
				Files.writeString(schedules.resolve(name + ".yaml"), """
						plan: %s
						cron: "* * * * * ?"
						version: "95.1"
						runAs: admin
						""".formatted(name));
			}
			try (InProcessServer server = InProcessServer.start(directory, fleet.kubeconfig(),
					"--flotilla.schedules.directory=" + schedules, "--flotilla.schedules.plans=" + plans)) {
				Thread.sleep(Duration.ofSeconds(options.scheduleSeconds()).toMillis());
				List<Duration> lateness = server.jdbc().sql("""
						SELECT (EXTRACT(EPOCH FROM fired_at - due_at) * 1000000)::bigint FROM flotilla_schedule_fire
						WHERE outcome = 'SKIPPED'""").query((rs, row) -> Duration.ofNanos(rs.getLong(1) * 1000)).list();
				Percentiles percentiles = new Percentiles(lateness);
				say.say("   %d fires: median %s, p99 %s, max %s late", percentiles.count(),
						Bench.millis(percentiles.at(50)), Bench.millis(percentiles.at(99)),
						Bench.millis(percentiles.max()));
				figures.add(Figure
					.of("8", "schedule fire lateness, " + percentiles.count() + " fires: median / p99 / max",
							Bench.millis(percentiles.at(50)) + " / " + Bench.millis(percentiles.at(99)) + " / "
									+ Bench.millis(percentiles.max()))
					.withNote("from each fire's due time to its recorded outcome (flotilla_schedule_fire), " + SCHEDULES
							+ " schedules firing every second on one server; each first fire started a release that "
							+ "waits for approval, and the fires measured were skipped for it"));
			}
		}
	}

	private static String plan(String name, String context, int tenant) {
		return SandboxPlans.header(name, "95.1") + """
				approval: required
				namespaces: [tenant-%04d]
				stages:
				  - name: all
				    groups:
				      - name: all
				        contexts: [%s]
				""".formatted(tenant, context);
	}

}
