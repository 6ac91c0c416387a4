package io.flotilla.calendar;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FreezesTests {

	private static final Map<String, String> CLICKHOUSE_PROD = Map.of("app", "clickhouse", "tier", "prod");

	private static final Freeze INCIDENT = Freeze.ofFleet(at("2026-12-01T10:00:00Z"), at("2026-12-03T18:00:00Z"),
			"incident 123", "alice");

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			2026-12-01T09:59:59.999999999Z | false
			2026-12-01T10:00:00Z           | true
			2026-12-02T00:00:00Z           | true
			2026-12-03T17:59:59.999999999Z | true
			2026-12-03T18:00:00Z           | false
			2026-12-04T00:00:00Z           | false
			""")
	void holdsFromItsStartUpToButNotIncludingItsEnd(Instant instant, boolean frozen) {
		Freezes freezes = new Freezes(List.of(INCIDENT));

		assertThat(INCIDENT.covers(instant, CLICKHOUSE_PROD)).isEqualTo(frozen);
		assertThat(freezes.frozen(instant, CLICKHOUSE_PROD))
			.isEqualTo(frozen ? Optional.of(INCIDENT) : Optional.empty());
		assertThat(freezes.thawsAt(instant, CLICKHOUSE_PROD)).contains(frozen ? INCIDENT.until() : instant);
	}

	@Test
	void aFreezeWithoutAnEndHoldsUntilSomeoneEndsIt() {
		Freeze now = Freeze.ofFleet(at("2026-12-01T10:00:00Z"), null, "database on fire", "bob");
		Freezes freezes = new Freezes(List.of(now));

		assertThat(now.isOpenEnded()).isTrue();
		assertThat(INCIDENT.isOpenEnded()).isFalse();
		assertThat(freezes.frozen(at("2030-01-01T00:00:00Z"), CLICKHOUSE_PROD)).contains(now);
		assertThat(freezes.frozen(at("2026-12-01T09:00:00Z"), CLICKHOUSE_PROD)).isEmpty();
		assertThat(freezes.thawsAt(at("2026-12-01T10:00:00Z"), CLICKHOUSE_PROD)).isEmpty();
		assertThat(freezes.thawsAt(at("2026-12-01T09:00:00Z"), CLICKHOUSE_PROD)).contains(at("2026-12-01T09:00:00Z"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					# adjacent: the second starts where the first ends
					2026-12-01T10:00:00Z | 2026-12-01T12:00:00Z | 2026-12-01T12:00:00Z | 2026-12-01T14:00:00Z | 2026-12-01T11:00:00Z | 2026-12-01T14:00:00Z
					# overlapping
					2026-12-01T10:00:00Z | 2026-12-01T13:00:00Z | 2026-12-01T12:00:00Z | 2026-12-01T15:00:00Z | 2026-12-01T11:00:00Z | 2026-12-01T15:00:00Z
					# one inside the other
					2026-12-01T10:00:00Z | 2026-12-01T18:00:00Z | 2026-12-01T12:00:00Z | 2026-12-01T13:00:00Z | 2026-12-01T12:30:00Z | 2026-12-01T18:00:00Z
					# a gap of a second between them: the release may go in it
					2026-12-01T10:00:00Z | 2026-12-01T12:00:00Z | 2026-12-01T12:00:01Z | 2026-12-01T14:00:00Z | 2026-12-01T11:00:00Z | 2026-12-01T12:00:00Z
					# asked about during the second only
					2026-12-01T10:00:00Z | 2026-12-01T12:00:00Z | 2026-12-01T12:00:00Z | 2026-12-01T14:00:00Z | 2026-12-01T13:00:00Z | 2026-12-01T14:00:00Z
					""")
	void thawsWhenTheLastOfAChainOfFreezesEnds(Instant firstFrom, Instant firstUntil, Instant secondFrom,
			Instant secondUntil, Instant asked, Instant thaws) {
		Freezes freezes = new Freezes(List.of(Freeze.ofFleet(secondFrom, secondUntil, "second", "bob"),
				Freeze.ofFleet(firstFrom, firstUntil, "first", "alice")));

		assertThat(freezes.thawsAt(asked, CLICKHOUSE_PROD)).contains(thaws);
	}

	@Test
	void aChainOfThreeFollowsEachToTheLast() {
		Freezes freezes = new Freezes(
				List.of(Freeze.ofFleet(at("2026-12-01T12:00:00Z"), at("2026-12-01T14:00:00Z"), "second", "bob"),
						Freeze.ofFleet(at("2026-12-01T13:30:00Z"), at("2026-12-01T20:00:00Z"), "third", "carol"),
						Freeze.ofFleet(at("2026-12-01T10:00:00Z"), at("2026-12-01T12:00:00Z"), "first", "alice"),
						Freeze.ofFleet(at("2026-12-01T20:00:01Z"), at("2026-12-01T22:00:00Z"), "later", "dave")));

		assertThat(freezes.thawsAt(at("2026-12-01T10:00:00Z"), CLICKHOUSE_PROD)).contains(at("2026-12-01T20:00:00Z"));
		assertThat(freezes.chain(at("2026-12-01T10:00:00Z"), CLICKHOUSE_PROD)).extracting(Freeze::reason)
			.containsExactly("first", "second", "third");
	}

	@Test
	void aChainThatReachesAFreezeWithoutAnEndNeverThaws() {
		Freezes freezes = new Freezes(List.of(INCIDENT,
				Freeze.ofFleet(at("2026-12-03T18:00:00Z"), null, "wait for the post-mortem", "carol")));

		assertThat(freezes.thawsAt(at("2026-12-02T00:00:00Z"), CLICKHOUSE_PROD)).isEmpty();
		assertThat(freezes.chain(at("2026-12-02T00:00:00Z"), CLICKHOUSE_PROD)).extracting(Freeze::reason)
			.containsExactly("incident 123", "wait for the post-mortem");
	}

	@Test
	void ofSeveralFreezesInForceTheOneThatLastsLongestHolds() {
		Freeze short1 = Freeze.ofFleet(at("2026-12-01T10:00:00Z"), at("2026-12-01T11:00:00Z"), "short", "alice");
		Freeze long1 = Freeze.ofFleet(at("2026-12-01T09:00:00Z"), at("2026-12-01T18:00:00Z"), "long", "bob");
		Freeze endless = Freeze.ofFleet(at("2026-12-01T10:30:00Z"), null, "endless", "carol");

		assertThat(new Freezes(List.of(short1, long1)).frozen(at("2026-12-01T10:15:00Z"), CLICKHOUSE_PROD))
			.contains(long1);
		assertThat(new Freezes(List.of(long1, short1)).frozen(at("2026-12-01T10:15:00Z"), CLICKHOUSE_PROD))
			.contains(long1);
		assertThat(new Freezes(List.of(short1, endless, long1)).frozen(at("2026-12-01T10:45:00Z"), CLICKHOUSE_PROD))
			.contains(endless);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			''                         | app=clickhouse,tier=prod | true
			''                         | ''                       | true
			tier=prod                  | app=clickhouse,tier=prod | true
			tier=prod,app=clickhouse   | app=clickhouse,tier=prod | true
			tier=prod                  | app=clickhouse           | false
			tier=prod                  | app=clickhouse,tier=dev  | false
			tier=prod,region=eu        | app=clickhouse,tier=prod | false
			tier=prod                  | ''                       | false
			tier=prod                  | app=postgres,tier=prod,region=eu | true
			""")
	void aFreezeWithASelectorHoldsOnlyPlansThatSelectAllItsLabels(String freezeLabels, String planLabels,
			boolean covered) {
		Freeze freeze = new Freeze(at("2026-12-01T10:00:00Z"), at("2026-12-02T10:00:00Z"), "prod only", "alice",
				labels(freezeLabels));
		Freezes freezes = new Freezes(List.of(freeze));
		Instant during = at("2026-12-01T12:00:00Z");

		assertThat(freeze.appliesTo(labels(planLabels))).isEqualTo(covered);
		assertThat(freezes.frozen(during, labels(planLabels)).isPresent()).isEqualTo(covered);
		assertThat(freezes.thawsAt(during, labels(planLabels))).contains(covered ? freeze.until() : during);
	}

	@Test
	void aFreezeOfAnotherScopeDoesNotLengthenTheChain() {
		Freezes freezes = new Freezes(List.of(INCIDENT, new Freeze(at("2026-12-03T18:00:00Z"),
				at("2026-12-05T00:00:00Z"), "dev rebuild", "bob", Map.of("tier", "dev"))));

		assertThat(freezes.thawsAt(at("2026-12-02T00:00:00Z"), CLICKHOUSE_PROD)).contains(at("2026-12-03T18:00:00Z"));
		assertThat(freezes.thawsAt(at("2026-12-02T00:00:00Z"), Map.of("tier", "dev")))
			.contains(at("2026-12-05T00:00:00Z"));
	}

	@Test
	void nothingIsFrozenWithoutFreezes() {
		Instant instant = at("2026-12-02T00:00:00Z");

		assertThat(Freezes.NONE.frozen(instant, CLICKHOUSE_PROD)).isEmpty();
		assertThat(Freezes.NONE.thawsAt(instant, CLICKHOUSE_PROD)).contains(instant);
	}

	@Test
	void refusesPlannedFreezesOfOneScopeThatOverlapNamingBoth() {
		Freeze holiday = Freeze.ofFleet(at("2026-12-02T00:00:00Z"), at("2026-12-05T00:00:00Z"), "holiday", "bob");

		assertThatExceptionOfType(CalendarException.class).isThrownBy(() -> Freezes.checked(List.of(INCIDENT, holiday)))
			.withMessage("freeze incident 123 (by alice), 2026-12-01 10:00 UTC until 2026-12-03 18:00 UTC, the whole"
					+ " fleet, overlaps freeze holiday (by bob), 2026-12-02 00:00 UTC until 2026-12-05 00:00 UTC, the"
					+ " whole fleet; change or end one of them");
	}

	@Test
	void namesEveryOverlapOneALine() {
		Map<String, String> prod = Map.of("tier", "prod", "app", "ch");
		Freeze first = new Freeze(at("2026-12-01T00:00:00Z"), at("2026-12-10T00:00:00Z"), "a", "alice", prod);
		Freeze second = new Freeze(at("2026-12-02T00:00:00Z"), at("2026-12-03T00:00:00Z"), "b", "bob", prod);
		Freeze third = new Freeze(at("2026-12-09T23:59:00Z"), at("2026-12-11T00:00:00Z"), "c", "carol", prod);

		assertThatExceptionOfType(CalendarException.class)
			.isThrownBy(() -> Freezes.checked(List.of(first, second, third)))
			.withMessage(String.join("\n",
					"freeze a (by alice), 2026-12-01 00:00 UTC until 2026-12-10 00:00 UTC, plans selecting"
							+ " {app=ch, tier=prod}, overlaps freeze b (by bob), 2026-12-02 00:00 UTC until 2026-12-03"
							+ " 00:00 UTC, plans selecting {app=ch, tier=prod}; change or end one of them",
					"freeze a (by alice), 2026-12-01 00:00 UTC until 2026-12-10 00:00 UTC, plans selecting"
							+ " {app=ch, tier=prod}, overlaps freeze c (by carol), 2026-12-09 23:59 UTC until"
							+ " 2026-12-11 00:00 UTC, plans selecting {app=ch, tier=prod}; change or end one of them"));
	}

	@Test
	void acceptsFreezesThatFollowEachOtherCoverOtherScopesOrHaveNoEnd() {
		List<Freeze> freezes = List.of(INCIDENT,
				Freeze.ofFleet(at("2026-12-03T18:00:00Z"), at("2026-12-04T00:00:00Z"), "adjacent", "bob"),
				new Freeze(at("2026-12-02T00:00:00Z"), at("2026-12-05T00:00:00Z"), "prod", "carol",
						Map.of("tier", "prod")),
				Freeze.ofFleet(at("2026-12-02T00:00:00Z"), null, "incident 124", "dave"));

		assertThat(Freezes.checked(freezes).freezes()).isEqualTo(freezes);
	}

	@Test
	void aFreezeEndsAfterItStarts() {
		Instant from = at("2026-12-01T10:00:00Z");

		assertThatExceptionOfType(CalendarException.class).isThrownBy(() -> Freeze.ofFleet(from, from, "oops", "alice"))
			.withMessage(
					"freeze 'oops' must end after it starts, not at 2026-12-01 10:00 UTC from 2026-12-01 10:00 UTC");
		assertThatExceptionOfType(CalendarException.class)
			.isThrownBy(() -> Freeze.ofFleet(from, at("2026-12-01T09:59:30Z"), "oops", "alice"))
			.withMessage(
					"freeze 'oops' must end after it starts, not at 2026-12-01 09:59:30 UTC from 2026-12-01 10:00 UTC");
	}

	@Test
	void describesItsReasonAndWhoSetIt() {
		assertThat(INCIDENT.describe()).isEqualTo("incident 123 (by alice)");
	}

	private static Instant at(String instant) {
		return Instant.parse(instant);
	}

	private static Map<String, String> labels(String text) {
		if (text.isEmpty()) {
			return Map.of();
		}
		return Arrays.stream(text.split(","))
			.map((pair) -> pair.split("="))
			.collect(Collectors.toMap((pair) -> pair[0], (pair) -> pair[1]));
	}

}
