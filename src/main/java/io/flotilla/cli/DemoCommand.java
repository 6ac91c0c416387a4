package io.flotilla.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.CliException;
import io.flotilla.cli.client.ServerClient;
import io.flotilla.FlotillaApplication;
import io.flotilla.cli.account.AccountClient;
import io.flotilla.cli.status.StatusWatch;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.plan.Durations;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.release.StageProgress;
import io.flotilla.secret.SecretFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system in one command: a sandbox fleet in a child process, the server with
 * its embedded PostgreSQL in this one, and a release of the demo plan followed to its
 * end.
 */
@Command(name = "demo",
		description = "Start a sandbox fleet and the server, run a release of the demo plan, and show it to the end.",
		defaultValueProvider = DemoCommand.DemoFleet.class)
class DemoCommand implements Callable<Integer> {

	private static final Duration POLL = Duration.ofSeconds(1);

	/**
	 * The demo's check rounds, quicker than a server's default so that a catch shows
	 * soon.
	 */
	private static final Duration CHECK_INTERVAL = Duration.ofSeconds(3);

	/** How long the demo shows a check's pause before it sends {@code continue}. */
	private static final Duration LOOK = Duration.ofSeconds(3);

	/**
	 * The first admin a server makes.
	 */
	private static final String ADMIN = "admin";

	private static final String DEMO_SCHEDULE = "demo-clickhouse-soon";

	private static final String DEMO_SCHEDULE_CRON = "0/15 * * * * ?";

	private static final String DEMO_SCHEDULED_ID = "demo-scheduled-";

	@Option(names = "--plan", defaultValue = "jobs/demo-clickhouse.yaml",
			description = "plan to release (default: ${DEFAULT-VALUE})")
	Path plan;

	@Mixin
	FleetOptions fleet;

	@Option(names = "--timeout", defaultValue = "10m", converter = Converters.DurationConverter.class,
			description = "give up after this long (default: ${DEFAULT-VALUE})")
	Duration timeout;

	@Option(names = "--dir", defaultValue = ".flotilla/demo",
			description = "working directory of the demo, emptied first (default: ${DEFAULT-VALUE})")
	Path directory;

	@Option(names = "--keep",
			description = "after the release, keep the server and the sandbox up for the console until Ctrl-C")
	boolean keep;

	@Option(names = "--schedule",
			description = "load the schedules in schedules/ and follow the release that demo-clickhouse-soon starts, "
					+ "instead of starting one")
	boolean schedule;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() throws InterruptedException {
		PrintWriter out = this.spec.commandLine().getOut();
		try {
			this.fleet.sandbox(Path.of("."));
		}
		catch (IllegalArgumentException ex) {
			throw new CliException(ExitCodes.BAD_INPUT, ex.getMessage());
		}
		String planText = PlanCommand.read(this.plan);
		emptyDirectory();
		out.printf("Starting a sandbox fleet of %d clusters in %d regions...%n", this.fleet.clusters,
				this.fleet.regions);
		out.flush();
		try (ChildProcess sandbox = ChildProcess.start(sandboxArguments(), this.directory.resolve("sandbox.log"))) {
			String kubeconfig = sandbox.awaitLine(SandboxCommand.READY, (line) -> out.println("  " + line));
			out.println("Starting the Flotilla server (embedded PostgreSQL in " + this.directory.resolve("pgdata")
					+ ")...");
			out.flush();
			try (ConfigurableApplicationContext server = startServer(kubeconfig)) {
				String url = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
				out.println("Server listening on " + url + ", log in " + this.directory.resolve("server.log"));
				out.println("Console: " + url + "/console  (log in as " + ADMIN + ", password in " + adminPasswordFile()
						+ ")");
				out.println("To look around while it runs: flotilla login --server " + url + " --user " + ADMIN
						+ " --password-stdin < " + adminPasswordFile());
				ServerClient client = loggedIn(url);
				ReleaseStatus release = this.schedule ? scheduled(client, out)
						: client.start(this.plan.toString(), planText, null);
				out.printf("%nRelease %s: plan %s -> %s%n", release.id(), release.plan(), release.targetVersion());
				out.flush();
				ReleaseStatus end = follow(client, release.id(), out);
				summarize(end, out);
				if (this.keep) {
					keepServing(url, sandbox, server, out);
				}
				return (end.state() == ReleaseState.COMPLETED) ? ExitCodes.OK : ExitCodes.FAILED;
			}
		}
	}

	/**
	 * Leaves the server and the sandbox up for the console until Ctrl-C, which stops the
	 * JVM: the hook stops both, since the code after this never runs then.
	 */
	private static void keepServing(String url, ChildProcess sandbox, ConfigurableApplicationContext server,
			PrintWriter out) throws InterruptedException {
		out.printf("%nThe server stays up for the console at %s/console; press Ctrl-C to stop it.%n", url);
		out.flush();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.close();
			sandbox.close();
		}, "demo-stop"));
		new CountDownLatch(1).await();
	}

	/**
	 * The release the demo schedule starts: it fires every 15 seconds, so within that
	 * after the server is up.
	 */
	private ReleaseStatus scheduled(ServerClient client, PrintWriter out) throws InterruptedException {
		out.printf("%nWaiting for schedule %s (cron \"%s\" UTC) to start a release...%n", DEMO_SCHEDULE,
				DEMO_SCHEDULE_CRON);
		out.flush();
		Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
		while (Instant.now().isBefore(deadline)) {
			Optional<ReleaseStatus> started = client.list()
				.stream()
				.filter((release) -> release.id().startsWith(DEMO_SCHEDULED_ID))
				.findFirst();
			if (started.isPresent()) {
				out.printf("Schedule %s started release %s as %s at %s%n", DEMO_SCHEDULE, started.get().id(),
						started.get().startedBy(), started.get().createdAt());
				return started.get();
			}
			Thread.sleep(POLL.toMillis());
		}
		throw new CliException(ExitCodes.FAILED, "schedule " + DEMO_SCHEDULE + " started no release within a minute; "
				+ "see " + this.directory.resolve("server.log"));
	}

	private List<String> sandboxArguments() {
		List<String> arguments = new ArrayList<>(List.of("sandbox"));
		arguments.addAll(this.fleet.arguments());
		arguments.addAll(List.of("--dir", this.directory.resolve("sandbox").toAbsolutePath().toString()));
		return arguments;
	}

	/**
	 * A fleet that shows what a release does with failing and slow clusters, and rolls
	 * quickly.
	 */
	static class DemoFleet extends FleetOptions.Defaults {

		DemoFleet() {
			super(Map.of("--fail-rate", "0.02", "--slow-rate", "0.05", "--pod-restart", "500ms", "--break-after",
					"5s"));
		}

	}

	/**
	 * The server, on a new database, since the demo's directory was emptied: its first
	 * admin gets a generated password in the demo's directory, even when
	 * {@code FLOTILLA_ADMIN_PASSWORD} is set, so that the demo can read it back.
	 */
	private ConfigurableApplicationContext startServer(String kubeconfig) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--flotilla.kubeconfig=" + kubeconfig,
				"--flotilla.database.directory=" + this.directory.resolve("pgdata"),
				"--flotilla.security.admin-password=",
				"--flotilla.security.generated-admin-password-file=" + adminPasswordFile(),
				"--logging.file.name=" + this.directory.resolve("server.log"), "--logging.threshold.console=OFF",
				"--flotilla.steps.directory=" + this.plan.toAbsolutePath().getParent().resolveSibling("steps"),
				"--flotilla.checks.interval=" + Durations.format(CHECK_INTERVAL)));
		if (this.schedule) {
			arguments.add("--flotilla.schedules.directory=schedules");
			arguments.add("--flotilla.schedules.plans=" + this.plan.toAbsolutePath().getParent());
		}
		return SpringApplication.run(FlotillaApplication.class, arguments.toArray(String[]::new));
	}

	private Path adminPasswordFile() {
		return this.directory.resolve("admin-password").toAbsolutePath();
	}

	/**
	 * A client of the demo's server with a token of its first admin, kept in memory: the
	 * demo leaves the token file, and any login in it, alone.
	 */
	private ServerClient loggedIn(String url) {
		String password;
		try {
			password = SecretFiles.read(adminPasswordFile())
				.orElseThrow(() -> new IllegalStateException("the server wrote no password to " + adminPasswordFile()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the first admin's password", ex);
		}
		String token = new AccountClient(new ServerClient(url, Optional::empty)).login(ADMIN, password).token();
		return new ServerClient(url, () -> Optional.of(token));
	}

	/**
	 * Shows the release as {@code release status --watch} does, until it settles. A pause
	 * of a failing health check is shown with its reason and answered with
	 * {@code continue}, as an operator who looked at the cluster and accepted it would.
	 */
	private ReleaseStatus follow(ServerClient client, String id, PrintWriter out) throws InterruptedException {
		Instant deadline = Instant.now().plus(this.timeout);
		while (true) {
			ReleaseStatus release = new StatusWatch(out, StatusWatch.inTerminal(), POLL, Clock.systemUTC())
				.follow(() -> client.status(id), deadline);
			if (!release.state().isSettled()) {
				throw new CliException(ExitCodes.FAILED,
						"release " + id + " did not finish within " + Durations.format(this.timeout));
			}
			if (!pausedByACheck(release)) {
				return release;
			}
			out.printf("%nA health check stopped the release: %s%n", release.reason());
			out.printf("The demo sends 'continue' in %s, as an operator who looked and accepted the cluster would.%n",
					Durations.format(LOOK));
			out.flush();
			Thread.sleep(LOOK.toMillis());
			client.signal(id, Signal.CONTINUE, "demo: the unhealthy cluster is accepted");
		}
	}

	private static boolean pausedByACheck(ReleaseStatus release) {
		return release.state() == ReleaseState.PAUSED && release.reason() != null
				&& release.reason().startsWith("check ");
	}

	private static void summarize(ReleaseStatus release, PrintWriter out) {
		out.printf("%nRelease %s %s%n", release.id(), release.state());
		if (release.reason() != null) {
			out.println("  " + release.reason());
		}
		for (StageProgress stage : release.stages()) {
			out.printf("  %-10s %4d clusters: %d upgraded, %d already current, %s%s%s%d failed%n", stage.name(),
					stage.clusters(), stage.upgraded(), stage.alreadyCurrent(),
					(stage.skippedNewer() > 0) ? stage.skippedNewer() + " newer left alone, " : "",
					(stage.skippedClaimed() > 0) ? stage.skippedClaimed() + " held by other releases, " : "",
					(stage.unhealthy() + stage.skippedUnhealthy() > 0) ? stage.unhealthy()
							+ " unhealthy after the patch, " + stage.skippedUnhealthy() + " unhealthy before it, " : "",
					stage.failed());
			stage.failures()
				.forEach((failure) -> out.printf("    failed %s: %s%n", failure.cluster(), failure.reason()));
		}
		out.flush();
	}

	private void emptyDirectory() {
		try {
			if (Files.exists(this.directory)) {
				List<Path> paths = new ArrayList<>();
				try (Stream<Path> walk = Files.walk(this.directory)) {
					walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
				}
				for (Path path : paths) {
					Files.delete(path);
				}
			}
			Files.createDirectories(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not empty " + this.directory, ex);
		}
	}

}
