package io.flotilla.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.flotilla.cli.account.Table;
import io.flotilla.cli.client.ExitCodes;
import io.flotilla.cli.client.ServerOption;
import io.flotilla.release.ReleaseFreezes.FreezeView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Freezes, through the server's REST API: an admin freezes the fleet, or some plans,
 * during an incident and ends it afterwards; anyone lists what holds. Planned freezes
 * come from the server's configuration and are only listed here.
 */
@Command(name = "freeze",
		description = "Start, end and list freezes: while one holds, the releases it covers start no new wave (talks to a running server).",
		subcommands = { FreezeCommand.Start.class, FreezeCommand.End.class, FreezeCommand.ListFreezes.class })
class FreezeCommand {

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	@Command(name = "start",
			description = "Admin: freeze the whole fleet, or with --selector the plans whose selector carries every label given, until ended.")
	static class Start extends ServerOption implements Callable<Integer> {

		@Option(names = "--reason", required = true, description = "why, such as the incident: recorded and shown")
		String reason;

		@Option(names = "--selector", paramLabel = "k=v,k=v",
				description = "only plans whose selector carries every one of these labels (default: the whole fleet)")
		String selector;

		@Override
		public Integer call() {
			if (this.reason.isBlank()) {
				throw usageError("--reason must say why, such as the incident");
			}
			Map<String, String> labels = labels(this.selector);
			FreezeView freeze = client().startFreeze(this.reason, labels);
			out().printf("froze %s: %s (freeze %d, by %s)%n", covered(freeze.selector()), freeze.reason(), freeze.id(),
					freeze.by());
			out().println("releases it covers start no new wave until it ends: flotilla freeze end --reason TEXT");
			return ExitCodes.OK;
		}

		/**
		 * {@code k=v,k=v} as labels, in the order written.
		 */
		private Map<String, String> labels(String text) {
			Map<String, String> labels = new LinkedHashMap<>();
			if (text == null) {
				return labels;
			}
			for (String label : text.split(",", -1)) {
				int equals = label.indexOf('=');
				String name = (equals > 0) ? label.substring(0, equals).strip() : "";
				if (name.isEmpty() || labels.containsKey(name)) {
					throw usageError("--selector takes labels as name=value separated by commas, each name once, "
							+ "not '" + text + "'");
				}
				labels.put(name, label.substring(equals + 1).strip());
			}
			return labels;
		}

	}

	@Command(name = "end",
			description = "Admin: end every freeze started by hand; the releases they held go on unless a window or a planned freeze still holds them.")
	static class End extends ServerOption implements Callable<Integer> {

		@Option(names = "--reason", description = "why it ends, recorded in the audit log")
		String reason;

		@Override
		public Integer call() {
			List<FreezeView> ended = client().endFreezes(this.reason);
			for (FreezeView freeze : ended) {
				out().printf("ended freeze %d of %s: %s (by %s since %s)%n", freeze.id(), covered(freeze.selector()),
						freeze.reason(), freeze.by(), utc(freeze.from()));
			}
			out().println("the releases they held go on, unless a window or a planned freeze still holds them");
			return ExitCodes.OK;
		}

	}

	@Command(name = "list", description = "List the freezes that hold now or will, earliest first.")
	static class ListFreezes extends ServerOption implements Callable<Integer> {

		@Override
		public Integer call() {
			print(client().freezes(), out());
			return ExitCodes.OK;
		}

	}

	static void print(List<FreezeView> freezes, PrintWriter out) {
		if (freezes.isEmpty()) {
			out.println("no freeze holds or is planned");
			out.flush();
			return;
		}
		Table table = new Table("ID", "SCOPE", "REASON", "BY", "FROM", "UNTIL");
		for (FreezeView freeze : freezes) {
			table.row(freeze.planned() ? "planned" : Long.toString(freeze.id()), scope(freeze.selector()),
					freeze.reason(), freeze.by(), utc(freeze.from()),
					(freeze.until() != null) ? utc(freeze.until()) : "until ended");
		}
		table.print(out);
	}

	/**
	 * What a freeze covers: {@code whole fleet}, or its labels as {@code k=v,k=v},
	 * sorted.
	 */
	static String scope(Map<String, String> selector) {
		if (selector.isEmpty()) {
			return "whole fleet";
		}
		return selector.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((label) -> label.getKey() + "=" + label.getValue())
			.collect(Collectors.joining(","));
	}

	/**
	 * What a freeze covers in a sentence: {@code the whole fleet}, or
	 * {@code plans selecting k=v}.
	 */
	private static String covered(Map<String, String> selector) {
		return selector.isEmpty() ? "the whole fleet" : "plans selecting " + scope(selector);
	}

	private static String utc(Instant at) {
		return UTC.format(at);
	}

}
