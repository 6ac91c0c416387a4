package io.flotilla.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import io.flotilla.cli.client.CliException;
import io.flotilla.cli.client.ServerOption;
import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.ServerClient;
import io.flotilla.control.ReleaseState;
import io.flotilla.cli.status.StatusView;
import io.flotilla.cli.status.StatusWatch;
import io.flotilla.control.Signal;
import io.flotilla.release.EventRecord;
import io.flotilla.release.ReleaseStatus;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Releases, through the server's REST API. Who starts or steers one is the owner of the
 * token sent, as the server records it.
 */
@Command(name = "release", description = "Start, watch and steer releases (talks to a running server).",
		subcommands = { ReleaseCommand.Start.class, ReleaseCommand.Status.class, ReleaseCommand.ListReleases.class,
				ReleaseCommand.Pause.class, ReleaseCommand.Resume.class, ReleaseCommand.Continue.class,
				ReleaseCommand.Restart.class, ReleaseCommand.Reset.class, ReleaseCommand.Cancel.class,
				ReleaseCommand.Events.class })
public class ReleaseCommand {

	private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneId.systemDefault());

	@Command(name = "start", description = "Start a release of a plan.")
	static class Start extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "PLAN", description = "plan file, e.g. jobs/demo-clickhouse.yaml")
		Path plan;

		@Option(names = "--id", description = "release id (default: plan name and time)")
		String id;

		@Option(names = "--break-glass",
				description = "admin: start it through any freeze, as a hotfix during an incident (needs --reason)")
		boolean breakGlass;

		@Option(names = "--reason", description = "with --break-glass: why it must run through freezes")
		String reason;

		@Override
		public Integer call() {
			if (this.breakGlass && (this.reason == null || this.reason.isBlank())) {
				throw usageError("--break-glass needs --reason: say why the release must run through freezes");
			}
			if (!this.breakGlass && this.reason != null) {
				throw usageError("--reason goes with --break-glass: a start through freezes says why");
			}
			ReleaseStatus release = client().start(this.plan.toString(), PlanCommand.read(this.plan), this.id,
					this.breakGlass ? this.reason : null);
			out().printf("started release %s of plan %s -> %s%n", release.id(), release.plan(),
					release.targetVersion());
			if (this.breakGlass) {
				out().printf("BREAK GLASS: freezes do not hold release %s; its windows still do (recorded as "
						+ "release.break-glass: %s)%n", release.id(), this.reason);
			}
			out().printf("follow it with: flotilla release status %s%n", release.id());
			return ExitCodes.OK;
		}

	}

	@Command(name = "status", description = "Show a release's progress per stage.")
	static class Status extends ServerOption implements Callable<Integer> {

		private static final Duration WATCH_POLL = Duration.ofSeconds(1);

		@Parameters(paramLabel = "ID")
		String id;

		@Option(names = "--json", description = "print the status as JSON")
		boolean json;

		@Option(names = { "-w", "--watch" },
				description = "follow the release until it ends or waits for a person: redrawn in place in a terminal, one line per change otherwise")
		boolean watch;

		@Override
		public Integer call() throws InterruptedException {
			if (this.json) {
				out().println(client().statusJson(this.id));
				return ExitCodes.OK;
			}
			ReleaseStatus release;
			if (this.watch) {
				ServerClient client = client();
				release = new StatusWatch(out(), StatusWatch.inTerminal(), WATCH_POLL, Clock.systemUTC())
					.follow(() -> client.status(this.id), Instant.MAX);
			}
			else {
				release = client().status(this.id);
				StatusView.print(release, Instant.now(), out());
			}
			return (release.state() == ReleaseState.FAILED) ? ExitCodes.FAILED : ExitCodes.OK;
		}

	}

	@Command(name = "list", description = "List releases, newest first.")
	static class ListReleases extends ServerOption implements Callable<Integer> {

		@Override
		public Integer call() {
			List<ReleaseStatus> releases = client().list();
			if (releases.isEmpty()) {
				out().println("no releases");
			}
			for (ReleaseStatus release : releases) {
				int clusters = release.stages().stream().mapToInt((stage) -> stage.clusters()).sum();
				int done = release.stages().stream().mapToInt((stage) -> stage.done()).sum();
				out().printf("%-40s %-10s %-24s -> %-10s %d/%d clusters%n", release.id(), release.state(),
						release.plan(), release.targetVersion(), done, clusters);
			}
			return ExitCodes.OK;
		}

	}

	/**
	 * The signals share one shape: a release id and an optional reason for the audit log.
	 */
	abstract static class SignalCommand extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "ID")
		String id;

		@Option(names = "--reason", description = "why, recorded in the release's events")
		String reason;

		abstract Signal signal();

		@Override
		public Integer call() {
			return send(this, this.id, signal(), this.reason);
		}

		static int send(ServerOption command, String id, Signal signal, String reason) {
			ReleaseStatus release = command.client().signal(id, signal, reason);
			command.out().printf("%s: release %s is %s%n", signal.word(), release.id(), release.state());
			return ExitCodes.OK;
		}

	}

	/**
	 * The one signal that also goes to every release at once: the emergency stop, which
	 * must say why.
	 */
	@Command(name = "pause",
			description = "Let the clusters in flight finish, start no new one, and stop: one release, or with --all every active one.")
	static class Pause extends ServerOption implements Callable<Integer> {

		@ArgGroup(multiplicity = "1")
		Target target;

		@Option(names = "--reason", description = "why, recorded in the release's events (required with --all)")
		String reason;

		/**
		 * One release, or all of them: never both.
		 */
		static class Target {

			@Parameters(paramLabel = "ID", description = "the release to pause")
			String id;

			@Option(names = "--all", required = true, description = "pause every release a pause applies to")
			boolean all;

		}

		@Override
		public Integer call() {
			if (!this.target.all) {
				return SignalCommand.send(this, this.target.id, Signal.PAUSE, this.reason);
			}
			if (this.reason == null || this.reason.isBlank()) {
				throw usageError("--all needs --reason: say why every release stops");
			}
			print(client().pauseAll(this.reason));
			return ExitCodes.OK;
		}

		private void print(List<ReleaseStatus> paused) {
			if (paused.isEmpty()) {
				out().println("no active release to pause");
				return;
			}
			for (ReleaseStatus release : paused) {
				out().printf("pause: release %s is %s%n", release.id(), release.state());
			}
			out().printf("paused %d %s%n", paused.size(), (paused.size() == 1) ? "release" : "releases");
		}

	}

	@Command(name = "resume", description = "Restart a paused or failed release where it stopped.")
	static class Resume extends SignalCommand {

		@Override
		Signal signal() {
			return Signal.RESUME;
		}

	}

	/**
	 * The name Spring Batch users look for: a resume, for a failed release only, so that
	 * a paused one is not started again by a command that reads as a retry.
	 */
	@Command(name = "restart",
			description = "Restart a FAILED release from its last committed wave (sends resume; for a paused release use resume).")
	static class Restart extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "ID")
		String id;

		@Option(names = "--reason", description = "why, recorded in the release's events")
		String reason;

		@Override
		public Integer call() {
			ServerClient client = client();
			ReleaseState state = client.status(this.id).state();
			if (state != ReleaseState.FAILED) {
				throw new CliException(ExitCodes.BAD_INPUT, "release " + this.id + " is " + state
						+ "; restart applies to a FAILED release (use resume for a paused one)");
			}
			ReleaseStatus release = client.signal(this.id, Signal.RESUME, this.reason);
			out().printf("restart: sent resume, release %s is %s%n", release.id(), release.state());
			return ExitCodes.OK;
		}

	}

	@Command(name = "continue", description = "Pass an approval gate, or accept a failure budget breach and go on.")
	static class Continue extends SignalCommand {

		@Override
		Signal signal() {
			return Signal.CONTINUE;
		}

	}

	@Command(name = "reset", description = "Retry the current stage's failed clusters with its failure count at zero.")
	static class Reset extends SignalCommand {

		@Override
		Signal signal() {
			return Signal.RESET;
		}

	}

	@Command(name = "cancel", description = "End the release for good; upgraded clusters stay as they are.")
	static class Cancel extends SignalCommand {

		@Override
		Signal signal() {
			return Signal.CANCEL;
		}

	}

	@Command(name = "events", description = "Show a release's events: signals with who, when and why, and progress.")
	static class Events extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "ID")
		String id;

		@Override
		public Integer call() {
			for (EventRecord event : client().events(this.id)) {
				out().printf("%s  %-16s %s%n", EVENT_TIME.format(event.at()), event.kind(), event.message());
			}
			return ExitCodes.OK;
		}

	}

}
