package io.flotilla.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.flotilla.cli.client.ServerOption;
import io.flotilla.cli.client.ExitCodes;
import io.flotilla.release.Claim;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The clusters active releases hold, by holder, through the server's REST API.
 */
@Command(name = "claims", description = "List the clusters active releases hold (talks to a running server).")
class ClaimsCommand extends ServerOption implements Callable<Integer> {

	private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneId.systemDefault());

	@Option(names = "--release", paramLabel = "ID", description = "only the clusters this release holds")
	String release;

	@Override
	public Integer call() {
		print(client().claims(this.release), out());
		return ExitCodes.OK;
	}

	static void print(List<Claim> claims, PrintWriter out) {
		if (claims.isEmpty()) {
			out.println("no cluster is held by an active release");
			out.flush();
			return;
		}
		Map<String, List<Claim>> byHolder = claims.stream()
			.collect(Collectors.groupingBy(Claim::holder, TreeMap::new, Collectors.toList()));
		byHolder.forEach((holder, held) -> {
			out.printf("%s holds %d %s since %s%n", holder, held.size(), (held.size() == 1) ? "cluster" : "clusters",
					SINCE.format(held.get(0).claimedAt()));
			kinds(held).forEach((kind, clusters) -> clusters
				.forEach((cluster) -> out.printf("  %s %s%n", kind, cluster.cluster())));
		});
		out.flush();
	}

	private static Map<String, List<Claim>> kinds(List<Claim> held) {
		return held.stream().collect(Collectors.groupingBy(Claim::kind, LinkedHashMap::new, Collectors.toList()));
	}

}
