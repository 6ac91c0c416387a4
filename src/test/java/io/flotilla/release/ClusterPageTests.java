package io.flotilla.release;

import io.flotilla.control.ClusterState;
import io.flotilla.release.ClusterPage.Query;
import io.flotilla.release.ClusterPage.Sort;
import io.flotilla.release.ReleaseException.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link Query#parse}: request parameters as sent, into a query or a refusal that names
 * the parameter.
 */
class ClusterPageTests {

	@Test
	void absentOrBlankParametersAskForTheFirstFiftyInStageOrder() {
		// when
		Query absent = Query.parse(null, null, null, null, null, null, null);
		Query blank = Query.parse(" ", "", " ", "", " ", "", " ");

		// then
		Query expected = new Query(null, null, null, null, Sort.STAGE, false, 0, 50);
		assertThat(absent).isEqualTo(expected);
		assertThat(blank).isEqualTo(expected);
	}

	@Test
	void everyParameterIsReadIgnoringCaseAndSpaceWhereItHasNoMeaning() {
		// when
		Query query = Query.parse(" Failed ", "canary", "eu", "db_1", "Updated , DESC", " 3 ", "500");

		// then
		assertThat(query).isEqualTo(new Query(ClusterState.FAILED, "canary", "eu", "db_1", Sort.UPDATED, true, 3, 500));
		assertThat(query.offset()).isEqualTo(1500L);
	}

	@Test
	void theOffsetOfAFarPageDoesNotOverflow() {
		// when
		Query query = Query.parse(null, null, null, null, null, String.valueOf(Integer.MAX_VALUE), "500");

		// then
		assertThat(query.offset()).isEqualTo(Integer.MAX_VALUE * 500L);
	}

	@Test
	void aNumberBeyondAnIntIsRefusedLikeAnyOtherBadNumber() {
		assertThatExceptionOfType(ReleaseException.class)
			.isThrownBy(() -> Query.parse(null, null, null, null, null, "99999999999", null))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID))
			.withMessage("parameter 'page' cannot be '99999999999': it takes a whole number from 0");
	}

	@Test
	void aSortWithTwoDirectionsIsRefused() {
		assertThatExceptionOfType(ReleaseException.class)
			.isThrownBy(() -> Query.parse(null, null, null, null, "name,asc,desc", null, null))
			.withMessage("parameter 'sort' cannot be 'name,asc,desc': it takes a key and at most one direction: "
					+ "stage, name, state, wave, updated, then ,asc or ,desc");
	}

}
