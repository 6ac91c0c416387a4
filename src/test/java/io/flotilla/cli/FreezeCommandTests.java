package io.flotilla.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.flotilla.cli.Cli.Run;
import io.flotilla.cli.client.ExitCodes;
import io.flotilla.release.ReleaseFreezes.FreezeView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.flotilla.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code freeze} commands: how {@code freeze list} prints what a server answers, what
 * {@code start} and {@code end} say, and the usage they refuse before sending anything.
 */
class FreezeCommandTests {

	private static final String FREEZE = """
			{"id": 3, "reason": "incident 123", "selector": {}, "by": "alice",
			 "from": "2026-12-01T10:00:00Z", "until": null, "planned": false}""";

	@RegisterExtension
	final TokenFile tokenFile = TokenFile.holding("flt_any");

	@Test
	void theListIsATableWithEachFreezesScopeReasonWhoAndTimes() {
		// given
		List<FreezeView> freezes = List.of(
				new FreezeView(0, "year end", Map.of(), "configuration", Instant.parse("2026-11-30T23:00:00Z"),
						Instant.parse("2027-01-02T23:00:00Z"), true),
				new FreezeView(3, "incident 123", Map.of(), "alice", Instant.parse("2026-12-01T10:00:00Z"), null,
						false),
				new FreezeView(4, "prod is busy", Map.of("tier", "prod", "app", "clickhouse"), "bob",
						Instant.parse("2026-12-01T10:05:30Z"), null, false));

		// when
		List<String> lines = print(freezes);

		// then
		assertThat(lines).containsExactly(
				"ID       SCOPE                     REASON        BY             FROM                  UNTIL",
				"planned  whole fleet               year end      configuration  2026-11-30 23:00:00Z  2027-01-02 23:00:00Z",
				"3        whole fleet               incident 123  alice          2026-12-01 10:00:00Z  until ended",
				"4        app=clickhouse,tier=prod  prod is busy  bob            2026-12-01 10:05:30Z  until ended");
	}

	@Test
	void anEmptyListSaysNoFreezeHolds() {
		assertThat(print(List.of())).containsExactly("no freeze holds or is planned");
	}

	@Test
	void startSaysWhatItFrozeAndHowToEndIt() {
		try (OtherHttpService server = OtherHttpService.answering(201, "application/json", FREEZE)) {
			// when
			Run run = run("freeze", "start", "--reason", "incident 123", "--server", server.url());

			// then
			assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
			assertThat(run.out()).isEqualTo("froze the whole fleet: incident 123 (freeze 3, by alice)\n"
					+ "releases it covers start no new wave until it ends: flotilla freeze end --reason TEXT\n");
			assertThat(server.requests()).containsExactly("POST /api/freezes");
		}
	}

	@Test
	void endSaysEachFreezeItEnded() {
		try (OtherHttpService server = OtherHttpService.answering(200, "application/json", "[" + FREEZE + "]")) {
			// when
			Run run = run("freeze", "end", "--server", server.url());

			// then
			assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
			assertThat(run.out())
				.isEqualTo("ended freeze 3 of the whole fleet: incident 123 (by alice since 2026-12-01 10:00:00Z)\n"
						+ "the releases they held go on, unless a window or a planned freeze still holds them\n");
			assertThat(server.requests()).containsExactly("POST /api/freezes/end");
		}
	}

	@Test
	void startNeedsAReasonAndLabelsAsNameEqualsValueAndSendsNothingOtherwise() {
		try (OtherHttpService server = OtherHttpService.answering(201, "application/json", FREEZE)) {
			// when
			Run noReason = run("freeze", "start", "--server", server.url());
			Run blank = run("freeze", "start", "--reason", " ", "--server", server.url());
			Run badSelector = run("freeze", "start", "--reason", "incident", "--selector", "tier=prod,oops", "--server",
					server.url());
			Run twice = run("freeze", "start", "--reason", "incident", "--selector", "tier=prod,tier=dev", "--server",
					server.url());

			// then
			for (Run run : List.of(noReason, blank, badSelector, twice)) {
				assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
				assertThat(run.out()).isEmpty();
			}
			assertThat(noReason.err()).startsWith("error: Missing required option: '--reason=<reason>'\nUsage: ");
			assertThat(blank.err()).startsWith("error: --reason must say why, such as the incident\nUsage: ");
			assertThat(badSelector.err())
				.startsWith("error: --selector takes labels as name=value separated by commas, each name once, "
						+ "not 'tier=prod,oops'\nUsage: ");
			assertThat(twice.err()).startsWith("error: --selector takes labels as name=value");
			assertThat(server.requests()).isEmpty();
		}
	}

	private static List<String> print(List<FreezeView> freezes) {
		StringWriter text = new StringWriter();
		FreezeCommand.print(freezes, new PrintWriter(text));
		return text.toString().lines().toList();
	}

}
