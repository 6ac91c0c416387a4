package io.flotilla.release;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseIdsTests {

	private static final Instant AT = Instant.parse("2026-12-01T10:15:00Z");

	@ParameterizedTest
	@ValueSource(strings = { "a", "ch-25.3", "demo-20261201-101500", "0" })
	void acceptsDnsLabelsWithDots(String id) {
		assertThat(ReleaseIds.isValid(id)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "my release", "../releases", "x/../acc-run", "a..b", "-a", "a.", "Upper", "a_b" })
	void refusesAnythingThatCouldLeaveItsPathOrIsNotALabel(String id) {
		assertThat(ReleaseIds.isValid(id)).isFalse();
	}

	@Test
	void refusesMoreThanSixtyThreeCharacters() {
		assertThat(ReleaseIds.isValid("a".repeat(63))).isTrue();
		assertThat(ReleaseIds.isValid("a".repeat(64))).isFalse();
	}

	@Test
	void derivesAValidIdFromAnyPlanName() {
		assertThat(ReleaseIds.derive("My_Plan", AT)).isEqualTo("my-plan-20261201-101500");
		assertThat(ReleaseIds.derive("demo", AT)).isEqualTo("demo-20261201-101500");
		assertThat(ReleaseIds.derive("__..", AT)).isEqualTo("release-20261201-101500");
		String longName = ReleaseIds.derive("x".repeat(40) + "_" + "y".repeat(40), AT);
		assertThat(longName).hasSize(63).endsWith("-20261201-101500");
		assertThat(ReleaseIds.isValid(longName)).isTrue();
		assertThat(ReleaseIds.isValid(ReleaseIds.derive("a.-.b", AT))).isTrue();
	}

}
