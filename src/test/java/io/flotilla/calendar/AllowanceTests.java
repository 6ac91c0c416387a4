package io.flotilla.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AllowanceTests {

	private static final Map<String, String> PROD = Map.of("app", "clickhouse", "tier", "prod");

	/** Monday to Thursday, 08:00 to 15:00 UTC in December. */
	private static final OpenHours OFFICE = new OpenHours(List.of(Window.parse("Mon-Thu 09:00-16:00 Europe/Berlin")));

	private static final Freeze INCIDENT = Freeze.ofFleet(at("2026-12-01T10:00:00Z"), at("2026-12-03T18:00:00Z"),
			"incident 123", "alice");

	@Test
	void mayMoveNowWithinItsWindowsWhenNothingFreezesIt() {
		Instant tuesday = at("2026-12-01T09:00:00Z");

		Allowance allowance = Allowance.whenAllowed(tuesday, OFFICE, new Freezes(List.of(INCIDENT)), PROD);

		assertThat(allowance.now()).isTrue();
		assertThat(allowance.at()).contains(tuesday);
		assertThat(allowance.reason()).isEqualTo("allowed now");
	}

	@Test
	void outsideItsWindowsWaitsForTheNextToOpen() {
		Allowance allowance = Allowance.whenAllowed(at("2026-11-30T15:30:00Z"), OFFICE, Freezes.NONE, PROD);

		assertThat(allowance.now()).isFalse();
		assertThat(allowance.at()).contains(at("2026-12-01T08:00:00Z"));
		assertThat(allowance.reason()).isEqualTo("outside its windows: next window opens Tue 09:00 Europe/Berlin");
	}

	@Test
	void frozenWaitsForTheThaw() {
		Allowance allowance = Allowance.whenAllowed(at("2026-12-02T00:00:00Z"), OpenHours.ALWAYS,
				new Freezes(List.of(INCIDENT)), PROD);

		assertThat(allowance.now()).isFalse();
		assertThat(allowance.at()).contains(INCIDENT.until());
		assertThat(allowance.reason()).isEqualTo("frozen: incident 123 (by alice), until 2026-12-03 18:00 UTC");
	}

	@Test
	void aThawOutsideItsWindowsWaitsForTheNextWindowToo() {
		Allowance allowance = Allowance.whenAllowed(at("2026-12-02T00:00:00Z"), OFFICE, new Freezes(List.of(INCIDENT)),
				PROD);

		assertThat(allowance.at()).contains(at("2026-12-07T08:00:00Z"));
		assertThat(allowance.reason()).isEqualTo("frozen: incident 123 (by alice), until 2026-12-03 18:00 UTC;"
				+ " then outside its windows: next window opens Mon 09:00 Europe/Berlin");
	}

	@Test
	void aWindowThatOpensFrozenWaitsForTheThaw() {
		Freeze holiday = Freeze.ofFleet(at("2026-12-01T00:00:00Z"), at("2026-12-02T12:00:00Z"), "holiday", "bob");

		Allowance allowance = Allowance.whenAllowed(at("2026-11-30T15:30:00Z"), OFFICE, new Freezes(List.of(holiday)),
				PROD);

		assertThat(allowance.at()).contains(at("2026-12-02T12:00:00Z"));
		assertThat(allowance.reason()).isEqualTo("outside its windows: next window opens Tue 09:00 Europe/Berlin;"
				+ " then frozen: holiday (by bob), until 2026-12-02 12:00 UTC");
	}

	@Test
	void goesBackAndForthBetweenWindowsAndFreezesUntilBothLetItGo() {
		Freezes freezes = new Freezes(List.of(
				Freeze.ofFleet(at("2026-12-01T00:00:00Z"), at("2026-12-01T16:00:00Z"), "tuesday", "alice"),
				Freeze.ofFleet(at("2026-12-02T07:00:00Z"), at("2026-12-02T09:00:00Z"), "wednesday morning", "bob")));

		Allowance allowance = Allowance.whenAllowed(at("2026-11-30T20:00:00Z"), OFFICE, freezes, PROD);

		assertThat(allowance.at()).contains(at("2026-12-02T09:00:00Z"));
		assertThat(allowance.reason()).isEqualTo("outside its windows: next window opens Tue 09:00 Europe/Berlin;"
				+ " then frozen: tuesday (by alice), until 2026-12-01 16:00 UTC;"
				+ " then outside its windows: next window opens Wed 09:00 Europe/Berlin;"
				+ " then frozen: wednesday morning (by bob), until 2026-12-02 09:00 UTC");
	}

	@Test
	void aChainOfFreezesIsNamedFreezeByFreeze() {
		Freezes freezes = new Freezes(List.of(INCIDENT,
				Freeze.ofFleet(at("2026-12-03T18:00:00Z"), at("2026-12-04T09:00:00Z"), "post-mortem", "carol")));

		Allowance allowance = Allowance.whenAllowed(at("2026-12-02T00:00:00Z"), OpenHours.ALWAYS, freezes, PROD);

		assertThat(allowance.at()).contains(at("2026-12-04T09:00:00Z"));
		assertThat(allowance.reason())
			.isEqualTo("frozen: incident 123 (by alice), then post-mortem (by carol), until 2026-12-04 09:00 UTC");
	}

	@Test
	void aFreezeWithoutAnEndLeavesTheTimeUnknown() {
		Freezes freezes = new Freezes(
				List.of(Freeze.ofFleet(at("2026-12-01T07:00:00Z"), null, "incident 124", "dave"), INCIDENT));

		Allowance now = Allowance.whenAllowed(at("2026-12-02T00:00:00Z"), OFFICE, freezes, PROD);
		Allowance later = Allowance.whenAllowed(at("2026-11-30T20:00:00Z"), OFFICE, freezes, PROD);

		assertThat(now.at()).isEmpty();
		assertThat(now.now()).isFalse();
		assertThat(now.reason()).isEqualTo("frozen: incident 124 (by dave), until ended by hand");
		assertThat(later.at()).isEmpty();
		assertThat(later.reason()).isEqualTo("outside its windows: next window opens Tue 09:00 Europe/Berlin;"
				+ " then frozen: incident 124 (by dave), until ended by hand");
	}

	@Test
	void aFreezeOfOtherPlansLetsItGo() {
		Freezes freezes = new Freezes(
				List.of(new Freeze(at("2026-12-01T00:00:00Z"), null, "dev rebuild", "bob", Map.of("tier", "dev"))));

		Allowance allowance = Allowance.whenAllowed(at("2026-12-01T09:00:00Z"), OFFICE, freezes, PROD);

		assertThat(allowance.now()).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			# a bake that ends inside the window goes on at its end
			2026-12-03T14:00:00Z | 2026-12-03T14:00:00Z | true
			# one that ends after the window closed waits for the next, the later of the two
			2026-12-03T15:30:00Z | 2026-12-07T08:00:00Z | false
			2026-12-05T12:00:00Z | 2026-12-07T08:00:00Z | false
			2026-12-07T07:59:59Z | 2026-12-07T08:00:00Z | false
			2026-12-07T08:00:00Z | 2026-12-07T08:00:00Z | true
			""")
	void aBakeThatEndsOutsideTheWindowWaitsForTheLaterOfTheTwo(Instant bakeEnd, Instant goes, boolean atItsEnd) {
		Allowance allowance = Allowance.whenAllowed(bakeEnd, OFFICE, Freezes.NONE, PROD);

		assertThat(allowance.at()).contains(goes);
		assertThat(allowance.now()).isEqualTo(atItsEnd);
	}

	/**
	 * For many windows and planned freezes drawn at random (with a fixed seed), the
	 * instant allowed is no earlier than asked, open and not frozen, and no minute before
	 * it is both.
	 */
	@Test
	void theInstantAllowedIsTheFirstThatIsOpenAndNotFrozen() {
		Random random = new Random(20261203);
		ZoneId berlin = ZoneId.of("Europe/Berlin");
		Instant start = at("2026-03-20T00:00:00Z");
		for (int sample = 0; sample < 150; sample++) {
			List<Window> windows = new ArrayList<>();
			for (int count = random.nextInt(3); count > 0; count--) {
				windows.add(
						new Window(EnumSet.of(DayOfWeek.of(1 + random.nextInt(7)), DayOfWeek.of(1 + random.nextInt(7))),
								LocalTime.ofSecondOfDay(60L * random.nextInt(24 * 60)),
								Duration.ofMinutes(30 + random.nextInt(600)), berlin));
			}
			List<Freeze> freezeList = new ArrayList<>();
			for (int count = random.nextInt(5); count > 0; count--) {
				Instant from = start.plusSeconds(60L * random.nextInt(10 * 24 * 60));
				Map<String, String> selector = random.nextBoolean() ? Map.of() : Map.of("tier", "dev");
				freezeList.add(new Freeze(from, from.plusSeconds(60L * (1 + random.nextInt(2 * 24 * 60))), "f" + count,
						"someone", selector));
			}
			OpenHours hours = new OpenHours(windows);
			Freezes freezes = new Freezes(freezeList);
			Instant now = start.plusSeconds(random.nextInt(10 * 24 * 3600));

			Allowance allowance = Allowance.whenAllowed(now, hours, freezes, PROD);

			String what = hours + " and " + freezeList + " from " + now;
			Instant goes = allowance.at().orElseThrow();
			assertThat(goes).as(what).isAfterOrEqualTo(now);
			assertThat(allowance.now()).as(what).isEqualTo(goes.equals(now));
			assertThat(hours.isOpen(goes) && freezes.frozen(goes, PROD).isEmpty()).as(what).isTrue();
			for (Instant minute = now; minute.isBefore(goes)
					&& minute.isBefore(now.plus(Duration.ofDays(4))); minute = minute.plusSeconds(60)) {
				assertThat(hours.isOpen(minute) && freezes.frozen(minute, PROD).isEmpty()).as(what + " at " + minute)
					.isFalse();
			}
		}
	}

	private static Instant at(String instant) {
		return Instant.parse(instant);
	}

}
