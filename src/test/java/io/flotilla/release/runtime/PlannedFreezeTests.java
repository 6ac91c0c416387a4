package io.flotilla.release.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.flotilla.calendar.CalendarException;
import io.flotilla.calendar.Freeze;
import io.flotilla.release.runtime.ReleaseProperties.FreezeSettings;
import io.flotilla.release.runtime.ReleaseProperties.PlannedFreeze;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Planned freezes as configuration writes them, and what a server refuses to start with.
 */
class PlannedFreezeTests {

	@Test
	void aPlannedFreezeIsReadWithItsOffsetAndSelector() {
		FreezeSettings settings = new FreezeSettings(List.of(new PlannedFreeze("2026-12-24T00:00+01:00",
				"2026-12-27T00:00+01:00", "Christmas", Map.of("tier", "billing"))));

		assertThat(settings.toFreezes()).containsExactly(new Freeze(Instant.parse("2026-12-23T23:00:00Z"),
				Instant.parse("2026-12-26T23:00:00Z"), "Christmas", "configuration", Map.of("tier", "billing")));
	}

	@Test
	void aPlannedFreezeWithoutAnEndLastsUntilTheConfigurationChanges() {
		FreezeSettings settings = new FreezeSettings(
				List.of(new PlannedFreeze("2026-12-24T00:00Z", "", "code freeze", Map.of())));

		assertThat(settings.toFreezes()).singleElement().satisfies((freeze) -> assertThat(freeze.until()).isNull());
	}

	@Test
	void aBadTimeOrAMissingReasonIsNamedWithItsPlaceInTheConfiguration() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new FreezeSettings(
					List.of(new PlannedFreeze("2026-12-24T00:00Z", "2026-12-27T00:00Z", "Christmas", Map.of()),
							new PlannedFreeze("24.12.2026", null, "x", Map.of())))
				.toFreezes())
			.withMessage("flotilla.freezes.planned[1].from: '24.12.2026' is not a date and time with an offset, such "
					+ "as 2026-12-24T00:00+01:00");
		assertThatIllegalStateException()
			.isThrownBy(() -> new FreezeSettings(List.of(new PlannedFreeze("2026-12-24T00:00Z", null, " ", Map.of())))
				.toFreezes())
			.withMessage("flotilla.freezes.planned[0].reason: a planned freeze needs a reason");
	}

	@Test
	void twoPlannedFreezesOfOneScopeThatOverlapAreRefused() {
		List<Freeze> overlapping = new FreezeSettings(
				List.of(new PlannedFreeze("2026-12-24T00:00Z", "2026-12-27T00:00Z", "Christmas", Map.of()),
						new PlannedFreeze("2026-12-26T00:00Z", "2027-01-02T00:00Z", "new year", Map.of())))
			.toFreezes();

		assertThatExceptionOfType(CalendarException.class)
			.isThrownBy(() -> new SimpleReleaseFreezes(null, null, null, null, null, null, overlapping))
			.withMessageContaining("Christmas")
			.withMessageContaining("new year");
	}

}
