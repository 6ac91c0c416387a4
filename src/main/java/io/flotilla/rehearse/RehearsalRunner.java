package io.flotilla.rehearse;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flotilla.FlotillaApplication;
import io.flotilla.account.Actor;
import io.flotilla.control.ClusterState;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.database.EmbeddedPostgresServer;
import io.flotilla.plan.Durations;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.plan.check.Check;
import io.flotilla.plan.check.PrometheusCheck;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.plan.yaml.PlanRewrites;
import io.flotilla.release.ClusterPage;
import io.flotilla.release.ReleaseService;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.rehearse.RunResult.ClusterRecord;
import io.flotilla.rehearse.RunResult.PlanStage;
import io.flotilla.sandbox.SandboxFleet;
import io.flotilla.sandbox.SandboxOptions;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs a rehearsal: per seed a fresh sandbox and a fresh server in this process, both on
 * one embedded PostgreSQL that gives each run a database of its own; the release started
 * as an admin, followed until it completes or something stops it, then cancelled, so that
 * every run ends with nothing in flight.
 */
public final class RehearsalRunner {

	/**
	 * Who starts and cancels the rehearsed releases: Flotilla itself, with an admin's
	 * rights, past the API's doors, as the bench does.
	 */
	static final Actor REHEARSAL = Actor.system("rehearse");

	/**
	 * The states in which a rehearsal stops following a release: it waits for a person.
	 */
	private static final Set<ReleaseState> STOPS = Set.of(ReleaseState.PAUSED, ReleaseState.BUDGET_EXCEEDED,
			ReleaseState.FAILED);

	/** A PromQL range selector or subquery, such as {@code [5m]} or {@code [1h:1m]}. */
	private static final Pattern RANGE = Pattern.compile("\\[[0-9a-z]+(?::[0-9a-z]*)?\\]");

	private static final Duration POLL = Duration.ofMillis(20);

	/** The shortest check interval a rehearsal gives its server. */
	private static final Duration CHECK_INTERVAL_FLOOR = Duration.ofSeconds(1);

	/**
	 * The shortest a plan's ready timeout is compressed to: the sandbox's API and
	 * controller answer a patch in their real time, and more so while a fresh server
	 * warms up, so a shorter one fails healthy clusters.
	 */
	static final Duration READY_TIMEOUT_FLOOR = Duration.ofSeconds(5);

	private final RehearsalOptions options;

	private final PrintWriter progress;

	private final String planText;

	private final Plan plan;

	private RehearsalRunner(RehearsalOptions options, PrintWriter progress) {
		this.options = options;
		this.progress = progress;
		String text = options.checks() ? options.planText()
				: PlanRewrites.withoutChecks(options.planFile().toString(), options.planText());
		this.planText = PlanRewrites.compressed(options.planFile().toString(), text, options.speed(),
				READY_TIMEOUT_FLOOR);
		this.plan = new PlanLoader().withSteps(options.steps()).load(options.planFile().toString(), this.planText);
	}

	/**
	 * Runs every seed and adds them up, saying one line per run on {@code progress}.
	 * @throws io.flotilla.plan.yaml.PlanException when the plan has problems, before any
	 * run
	 * @throws IllegalStateException when a run does not end within the timeout
	 */
	public static Rehearsal run(RehearsalOptions options, PrintWriter progress) throws InterruptedException {
		return new RehearsalRunner(options, progress).run();
	}

	private Rehearsal run() throws InterruptedException {
		List<String> notes = notCompressed();
		say("Rehearsing %s -> %s at speed %d, checks %s: %d runs of %d clusters, %s of them break%n",
				this.options.planFile(), this.plan.targetVersion(), this.options.speed(),
				this.options.checks() ? "on" : "off", this.options.runs(),
				this.options.shape().isEmpty() ? this.options.sandbox().clusters() : this.options.shape().size(),
				this.options.sandbox().breaks());
		List<RunResult> runs = new ArrayList<>();
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer
			.start(this.options.directory().resolve("pgdata"))) {
			for (int i = 0; i < this.options.runs(); i++) {
				RunResult run = runOnce(postgres, this.options.sandbox().seed() + i);
				runs.add(run);
				say("%s%n", Rehearsal.progressLine(i + 1, this.options.runs(), run));
			}
		}
		return new Rehearsal(this.options.planFile().toString(), this.plan.targetVersion(),
				this.options.sandbox().breaks().toString(), this.options.speed(), this.options.checks(), runs, notes);
	}

	private RunResult runOnce(EmbeddedPostgresServer postgres, long seed) throws InterruptedException {
		Path directory = this.options.directory().resolve("seed-" + seed).toAbsolutePath();
		SandboxOptions sandbox = this.options.sandboxOf(seed, directory.resolve("sandbox"));
		String database = "rehearsal_" + Long.toString(seed).replace('-', 'm');
		execute(postgres, "DROP DATABASE IF EXISTS " + database);
		execute(postgres, "CREATE DATABASE " + database);
		try (SandboxFleet fleet = this.options.shape().isEmpty() ? SandboxFleet.start(sandbox)
				: SandboxFleet.start(sandbox, this.options.shape());
				ConfigurableApplicationContext server = startServer(postgres, database, fleet.kubeconfig(),
						directory)) {
			ReleaseService releases = server.getBean(ReleaseService.class);
			String id = "rehearsal-" + seed;
			ReleaseStatus end = follow(releases,
					releases.start(this.options.planFile().toString(), this.planText, id, REHEARSAL).id(), directory);
			Duration elapsed = Duration.between(end.createdAt(), end.updatedAt());
			List<ClusterRecord> clusters = clusters(releases, id, sandbox, end.targetVersion());
			stop(releases, end);
			return RunResult.of(seed, end.state().name(), end.reason(), this.options.planTime(elapsed), stages(),
					clusters);
		}
		finally {
			execute(postgres, "DROP DATABASE IF EXISTS " + database);
		}
	}

	/**
	 * Follows the release until it completes or waits for a person. An approval gate is
	 * passed at once, as the engineer the rehearsal stands in for would: gates measure
	 * nobody's judgement here.
	 */
	private ReleaseStatus follow(ReleaseService releases, String id, Path directory) throws InterruptedException {
		long deadline = System.nanoTime() + this.options.timeout().toNanos();
		while (System.nanoTime() < deadline) {
			ReleaseStatus status = releases.status(id);
			if (status.state().isTerminal() || STOPS.contains(status.state())) {
				return status;
			}
			if (status.state() == ReleaseState.AWAITING_APPROVAL) {
				releases.signal(id, Signal.CONTINUE, REHEARSAL, "a rehearsal passes its gates");
			}
			Thread.sleep(POLL.toMillis());
		}
		throw new IllegalStateException("release " + id + " neither ended nor stopped within "
				+ Durations.format(this.options.timeout()) + " (--timeout); see " + directory.resolve("server.log"));
	}

	/**
	 * Cancels a stopped release and waits until it is over, so the server closes with
	 * nothing of it in flight.
	 */
	private void stop(ReleaseService releases, ReleaseStatus release) throws InterruptedException {
		if (release.state().isTerminal()) {
			return;
		}
		releases.signal(release.id(), Signal.CANCEL, REHEARSAL, "the rehearsal recorded where the release stopped");
		long deadline = System.nanoTime() + this.options.timeout().toNanos();
		while (!releases.status(release.id()).state().isTerminal()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("release " + release.id() + " was not cancelled within "
						+ Durations.format(this.options.timeout()));
			}
			Thread.sleep(POLL.toMillis());
		}
	}

	private List<ClusterRecord> clusters(ReleaseService releases, String id, SandboxOptions sandbox,
			String targetVersion) {
		List<ClusterRecord> clusters = new ArrayList<>();
		for (int page = 0;; page++) {
			ClusterPage rows = releases.clusters(id, new ClusterPage.Query(null, null, null, null,
					ClusterPage.Sort.STAGE, false, page, ClusterPage.Query.MAX_SIZE));
			for (ClusterPage.Row row : rows.items()) {
				// a cluster at the target already never rolls to it, and the sandbox
				// breaks
				// only those that do
				boolean broken = row.state() != ClusterState.ALREADY_CURRENT
						&& sandbox.breaks().breaks(sandbox.seed(), row.namespace(), row.name(), targetVersion);
				clusters.add(new ClusterRecord(row.context(), row.namespace(), row.name(), row.stage(), row.group(),
						row.state().name(), row.updatedAt(), broken));
			}
			if (rows.items().isEmpty() || (long) rows.page() * rows.size() + rows.items().size() >= rows.total()) {
				return clusters;
			}
		}
	}

	private List<PlanStage> stages() {
		return this.plan.stages().stream().map((stage) -> new PlanStage(stage.name(), stage.production())).toList();
	}

	/**
	 * A server on its own database of the shared PostgreSQL. Its checks look at clusters
	 * as much more often as the rehearsal runs faster; a server that has no checks yet
	 * ignores the setting.
	 */
	private ConfigurableApplicationContext startServer(EmbeddedPostgresServer postgres, String database,
			Path kubeconfig, Path directory) {
		return SpringApplication.run(FlotillaApplication.class, "--server.port=0",
				"--flotilla.kubeconfig=" + kubeconfig, "--spring.datasource.url=" + postgres.jdbcUrl(database),
				"--spring.datasource.username=" + EmbeddedPostgresServer.USER,
				"--spring.datasource.password=" + postgres.password(),
				"--flotilla.security.generated-admin-password-file=" + directory.resolve("admin-password"),
				"--flotilla.checks.interval=" + Durations.format(checkInterval()),
				"--logging.file.name=" + directory.resolve("server.log"), "--logging.threshold.console=OFF",
				"--spring.main.banner-mode=off");
	}

	/**
	 * The server's check interval divided by the speed, but not below a second: the
	 * sandbox's broken clusters log and restart by the second, so more rounds would only
	 * load its API and see nothing new.
	 */
	private Duration checkInterval() {
		Duration compressed = this.options.compressed(RehearsalOptions.CHECKS_INTERVAL);
		return (compressed.compareTo(CHECK_INTERVAL_FLOOR) < 0) ? CHECK_INTERVAL_FLOOR : compressed;
	}

	private static void execute(EmbeddedPostgresServer postgres, String sql) {
		try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on the rehearsal's PostgreSQL", ex);
		}
	}

	/**
	 * What {@code --speed} cannot reach, in words: Prometheus's windows and scrapes, the
	 * sandbox's floor on a broken pod's restarts, and the real work of the server and of
	 * the Kubernetes API, which counts as plan time multiplied by the speed.
	 */
	private List<String> notCompressed() {
		Set<String> notes = new LinkedHashSet<>();
		for (Check check : checks()) {
			if (check instanceof PrometheusCheck prometheus) {
				Matcher range = RANGE.matcher(prometheus.query().text());
				while (range.find()) {
					notes.add("check " + check.name() + ": the range " + range.group() + " in its Prometheus query "
							+ "spans the same time of the rehearsal, " + this.options.speed()
							+ " times as much plan time; write it shorter for a rehearsal to judge the same window");
				}
				notes.add("check " + check.name() + ": Prometheus scrapes at its own interval, not "
						+ this.options.speed() + " times as often, so its values lag behind the compressed time");
			}
		}
		Duration breakAfter = this.options.compressed(this.options.sandbox().breakAfter());
		if (this.options.sandbox().breaks().any() && breakAfter.compareTo(Duration.ofSeconds(1)) < 0) {
			notes.add("sandbox: a broken cluster's pod restarts at most once a second, not every --break-after "
					+ "divided by the speed (" + Durations.format(breakAfter) + ")");
		}
		if (!checks().isEmpty() && RehearsalOptions.CHECKS_INTERVAL.dividedBy(this.options.speed())
			.compareTo(CHECK_INTERVAL_FLOOR) < 0) {
			notes.add("check rounds run every " + Durations.format(CHECK_INTERVAL_FLOOR) + ", not every "
					+ Durations.format(RehearsalOptions.CHECKS_INTERVAL) + " divided by the speed: the sandbox's "
					+ "broken clusters log a line and restart a pod by the second, in real time");
		}
		notes.add("a stage's readyTimeout is divided to no less than " + Durations.format(READY_TIMEOUT_FLOOR)
				+ " of rehearsal time: a cluster's readiness waits for the Kubernetes API and its controller, in their "
				+ "real time; a cluster that never becomes ready is found that much later in plan time");
		notes.add("the server's own work and the Kubernetes API's answers take their real time, which counts "
				+ this.options.speed() + " times as plan time: plan times are a little longer than the plan's");
		return List.copyOf(notes);
	}

	private Set<Check> checks() {
		Set<Check> checks = new LinkedHashSet<>(this.plan.checks());
		this.plan.stages().stream().map(Stage::checks).forEach(checks::addAll);
		return checks;
	}

	private void say(String format, Object... arguments) {
		this.progress.printf(format, arguments);
		this.progress.flush();
	}

}
