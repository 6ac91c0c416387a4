package io.flotilla.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Releases, through the server's REST API.
 */
@Command(name = "release", description = "Start, watch and resume releases (talks to a running server).",
		subcommands = { ReleaseCommand.Start.class, ReleaseCommand.Status.class, ReleaseCommand.ListReleases.class,
				ReleaseCommand.Resume.class })
class ReleaseCommand {

	static class ServerOption {

		@Option(names = "--server", description = "URL of the Flotilla server (default: ${DEFAULT-VALUE})",
				defaultValue = "http://127.0.0.1:8080")
		String server;

		@Spec
		CommandSpec spec;

		ServerClient client() {
			return new ServerClient(this.server);
		}

		PrintWriter out() {
			return this.spec.commandLine().getOut();
		}

	}

	@Command(name = "start", description = "Start a release of a plan.")
	static class Start extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "PLAN", description = "plan file, e.g. jobs/demo-clickhouse.yaml")
		Path plan;

		@Option(names = "--id", description = "release id (default: plan name and time)")
		String id;

		@Override
		public Integer call() {
			ReleaseStatus release = client().start(this.plan.toString(), read(this.plan), this.id, user());
			out().printf("started release %s of plan %s -> %s%n", release.id(), release.plan(),
					release.targetVersion());
			out().printf("follow it with: flotilla release status %s%n", release.id());
			return ExitCodes.OK;
		}

	}

	@Command(name = "status", description = "Show a release's progress per stage.")
	static class Status extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "ID")
		String id;

		@Option(names = "--json", description = "print the status as JSON")
		boolean json;

		@Override
		public Integer call() {
			if (this.json) {
				out().println(client().statusJson(this.id));
				return ExitCodes.OK;
			}
			ReleaseStatus release = client().status(this.id);
			StatusPrinter.print(release, Instant.now(), out());
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

	@Command(name = "resume", description = "Resume a paused or failed release from its last committed wave.")
	static class Resume extends ServerOption implements Callable<Integer> {

		@Parameters(paramLabel = "ID")
		String id;

		@Override
		public Integer call() {
			ReleaseStatus release = client().resume(this.id, user());
			out().printf("resumed release %s (%s)%n", release.id(), release.state());
			return ExitCodes.OK;
		}

	}

	static String read(Path plan) {
		try {
			return Files.readString(plan);
		}
		catch (NoSuchFileException ex) {
			throw new CliException(ExitCodes.BAD_INPUT, "no such plan file: " + plan);
		}
		catch (IOException ex) {
			throw new CliException(ExitCodes.BAD_INPUT, "cannot read " + plan + ": " + ex.getMessage());
		}
	}

	static String user() {
		return System.getProperty("user.name", "anonymous");
	}

}
