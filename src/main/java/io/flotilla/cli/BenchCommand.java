package io.flotilla.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.CliException;
import io.flotilla.bench.Bench;
import io.flotilla.bench.BenchOptions;
import io.flotilla.bench.BenchReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures Flotilla against a sandbox fleet it starts itself and prints the figures.
 */
@Command(name = "bench", description = "Measure orchestration overhead, makespan, memory, database cost, resume time,"
		+ " timer lateness and the console's page times and live update delay against a sandbox fleet, each beside its baseline.")
class BenchCommand implements Callable<Integer> {

	@Option(names = "--quick", description = "a smoke run of under two minutes, on smaller fleets")
	boolean quick;

	@Option(names = "--only", split = ",", paramLabel = "PART",
			description = "measure only these figures, e.g. --only 3,5 (1 to 8; 1 and 4 come from one release, 7 is the console, 8 the schedules)")
	Set<Integer> parts = new TreeSet<>();

	@Option(names = "--json", description = "print the report as JSON")
	boolean json;

	@Option(names = "--dir", defaultValue = ".flotilla/bench",
			description = "working directory, emptied first (default: ${DEFAULT-VALUE})")
	Path directory;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		Path directory = this.directory.toAbsolutePath();
		BenchOptions options = this.quick ? BenchOptions.quick(directory) : BenchOptions.full(directory);
		PrintWriter progress = this.json ? this.spec.commandLine().getErr() : out;
		for (int part : this.parts) {
			if (part < 1 || part > 8) {
				throw new CliException(ExitCodes.BAD_INPUT, "--only takes figures 1 to 8, not " + part);
			}
		}
		BenchReport report = Bench.run(options, this.parts, progress);
		out.println();
		out.print(this.json ? report.json() + System.lineSeparator() : report.table());
		out.flush();
		return ExitCodes.OK;
	}

}
