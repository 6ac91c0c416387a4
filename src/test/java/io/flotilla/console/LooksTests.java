package io.flotilla.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.flotilla.control.ReleaseState;
import io.flotilla.release.ReleaseFreezes.FreezeView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the console shows release states and freezes.
 */
class LooksTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private final Looks looks = new Looks();

	@Test
	void everyTimedWaitLooksAlikeAndNoneLooksLikeItNeedsAHuman() {
		assertThat(ReleaseState.TIMED).contains(ReleaseState.WAITING_FOR_WINDOW);
		for (ReleaseState state : ReleaseState.TIMED) {
			assertThat(this.looks.state(state)).as(state.name()).isEqualTo("state timed");
		}
		assertThat(this.looks.state(ReleaseState.PAUSED)).isEqualTo("state human");
		assertThat(this.looks.state(ReleaseState.RUNNING)).isEqualTo("state active");
	}

	@Test
	void aFreezeSaysWhyWhoSinceWhenAndWhatItCovers() {
		// given
		FreezeView fleet = new FreezeView(3, "incident 123", Map.of(), "alice", Instant.parse("2026-12-01T10:00:00Z"),
				null, false);
		FreezeView plans = new FreezeView(4, "prod is busy", Map.of("tier", "prod", "app", "clickhouse"), "bob",
				Instant.parse("2026-12-01T10:05:00Z"), null, false);
		FreezeView planned = new FreezeView(0, "year end", Map.of(), "configuration",
				Instant.parse("2026-11-30T23:00:00Z"), Instant.parse("2027-01-02T23:00:00Z"), true);

		// then
		assertThat(this.looks.freeze(fleet))
			.isEqualTo("Frozen: incident 123 (by alice, since 2026-12-01 10:00:00 UTC) — the whole fleet");
		assertThat(this.looks.freeze(plans)).isEqualTo(
				"Frozen: prod is busy (by bob, since 2026-12-01 10:05:00 UTC) — plans selecting app=clickhouse,tier=prod");
		assertThat(this.looks.freeze(planned)).isEqualTo("Frozen: year end (by configuration, since "
				+ "2026-11-30 23:00:00 UTC, until 2027-01-02 23:00:00 UTC) — the whole fleet");
	}

	@Test
	void theBannerShowsOnlyTheFreezesThatHoldNow() {
		// given
		FreezeView started = new FreezeView(3, "incident 123", Map.of(), "alice", NOW.minusSeconds(60), null, false);
		FreezeView comingUp = new FreezeView(0, "year end", Map.of(), "configuration", NOW.plusSeconds(3600),
				NOW.plusSeconds(7200), true);
		FreezeView holding = new FreezeView(0, "busy week", Map.of(), "configuration", NOW.minusSeconds(3600),
				NOW.plusSeconds(3600), true);

		// then
		assertThat(ReleasesPage.holding(List.of(holding, started, comingUp), NOW)).containsExactly(holding, started);
	}

}
