package io.flotilla.plan;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class VersionOrderTests {

	@ParameterizedTest(name = "{0} vs {1}: {2}")
	@CsvSource({ "25.3.2.47465, 25.3, 1", "25.10, 25.9, 1", "25.3, 25.3.0, 0", "24.8, 25.3, -1", "25.3.1.1, 25.3.2, -1",
			"100000000000000000000.1, 99999999999999999999.9, 1" })
	void numericComparesDotSeparatedNumbersOneByOne(String a, String b, int sign) {
		assertThat(VersionOrder.NUMERIC.compare(a, b)).contains(sign);
	}

	@ParameterizedTest(name = "{0} vs {1}")
	@CsvSource({ "latest, 25.3", "24.8-alpine, 24.8", "25.3, v25.3", "25..3, 25.3" })
	void numericCannotReadOtherForms(String a, String b) {
		assertThat(VersionOrder.NUMERIC.compare(a, b)).isEmpty();
		assertThat(VersionOrder.NUMERIC.isNewer(a, b)).isFalse();
	}

	@Test
	void semverFollowsTheSpecificationsPrecedenceExample() {
		List<String> ascending = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
				"1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0");
		for (int i = 1; i < ascending.size(); i++) {
			assertThat(VersionOrder.SEMVER.compare(ascending.get(i), ascending.get(i - 1)))
				.as("%s after %s", ascending.get(i), ascending.get(i - 1))
				.contains(1);
			assertThat(VersionOrder.SEMVER.compare(ascending.get(i - 1), ascending.get(i))).contains(-1);
		}
	}

	@Test
	void semverIgnoresBuildMetadataAndALeadingV() {
		assertThat(VersionOrder.SEMVER.compare("v1.2.3+build.7", "1.2.3")).contains(0);
		assertThat(VersionOrder.SEMVER.compare("1.2", "1.2.0")).isEmpty();
	}

	@Test
	void noneOrdersNothing() {
		assertThat(VersionOrder.NONE.compare("25.4", "25.3")).isEmpty();
		assertThat(VersionOrder.NONE.isNewer("25.4", "25.3")).isFalse();
	}

	@Test
	void aMissingVersionIsNeverNewer() {
		assertThat(VersionOrder.NUMERIC.isNewer(null, "25.3")).isFalse();
	}

	@Test
	void ordersAreNamedInAnyCase() {
		assertThat(VersionOrder.named("SemVer")).contains(VersionOrder.SEMVER);
		assertThat(VersionOrder.named("lexical")).isEmpty();
		assertThat(VersionOrder.words()).containsExactly("numeric", "semver", "none");
	}

}
