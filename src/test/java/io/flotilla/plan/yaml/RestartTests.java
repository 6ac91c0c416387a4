package io.flotilla.plan.yaml;

import java.time.Duration;
import java.util.List;

import io.flotilla.plan.Durations;
import io.flotilla.plan.Plan;
import io.flotilla.plan.RestartPolicy;
import io.flotilla.plan.yaml.PlanException.PlanError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * How often a failed release of a plan starts again by itself: the plan's
 * {@code restart}.
 */
class RestartTests {

	private static final String MINIMAL = """
			selector: {app: ch}
			version: {path: spec.image, target: "25.3"}
			changes: [{op: remove, path: spec.image}]
			stages:
			  - name: dev
			    groups: [{name: g, contexts: [c]}]
			""";

	private final PlanLoader loader = new PlanLoader();

	@Test
	void aFailedReleaseWaitsForAPersonUnlessThePlanSaysToRestart() {
		assertThat(this.loader.load("plan.yaml", MINIMAL).restart()).isEqualTo(RestartPolicy.NONE);
		assertThat(this.loader.load("plan.yaml", MINIMAL + "restart:\n").restart()).isEqualTo(RestartPolicy.NONE);
		assertThat(RestartPolicy.NONE.maxAttempts()).isZero();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{maxAttempts: 3, backoff: 1m, maxBackoff: 30m}   | 3 | PT1M  | PT30M
			{maxAttempts: 5, backoff: 10s, maxBackoff: 2m}   | 5 | PT10S | PT2M
			{maxAttempts: 2}                                 | 2 | PT1M  | PT30M
			{maxAttempts: 1, backoff: 5m}                    | 1 | PT5M  | PT30M
			{maxAttempts: 4, maxBackoff: 1h}                 | 4 | PT1M  | PT1H
			{maxAttempts: 0}                                 | 0 | PT1M  | PT30M
			{maxAttempts: 2, backoff: 0s, maxBackoff: 0s}    | 2 | PT0S  | PT0S
			{maxAttempts: 2, backoff: 30m, maxBackoff: 30m}  | 2 | PT30M | PT30M
			{maxAttempts: 2, backoff: PT2M, maxBackoff: 1d}  | 2 | PT2M  | PT24H
			""")
	void readsTheRestartsAndTheirWaitsWithDefaultsForWhatIsLeftOut(String restart, int maxAttempts, Duration backoff,
			Duration maxBackoff) {
		Plan plan = this.loader.load("plan.yaml", MINIMAL + "restart: " + restart + "\n");

		assertThat(plan.restart()).isEqualTo(new RestartPolicy(maxAttempts, backoff, maxBackoff));
	}

	@Test
	void readsARestartWrittenAsABlock() {
		Plan plan = this.loader.load("plan.yaml", """
				restart:
				  maxAttempts: 3
				  backoff: 2m
				""" + MINIMAL);

		assertThat(plan.restart()).isEqualTo(new RestartPolicy(3, Duration.ofMinutes(2), Duration.ofMinutes(30)));
	}

	@Test
	void reportsAMissingMaxAttemptsAtTheRestartMap() {
		List<PlanError> errors = errorsOf("restart: {backoff: 1m}\n" + MINIMAL);

		assertThat(errors).containsExactly(error(1, 10, "restart.maxAttempts", "is required"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			-1    | must be at least 0, not -1
			three | must be a whole number, not 'three'
			1.5   | must be a whole number, not '1.5'
			[3]   | must be a single value, not a list
			""")
	void reportsMaxAttemptsThatIsNotACount(String maxAttempts, String message) {
		List<PlanError> errors = errorsOf("restart: {maxAttempts: %s}\n".formatted(maxAttempts) + MINIMAL);

		assertThat(errors).containsExactly(error(1, 24, "restart.maxAttempts", message));
	}

	@Test
	void reportsBadDurationsWhereTheyAreWritten() {
		List<PlanError> errors = errorsOf("""
				restart:
				  maxAttempts: 3
				  backoff: 1 minute
				  maxBackoff: -5m
				""" + MINIMAL);

		assertThat(errors).containsExactly(error(3, 12, "restart.backoff", durationProblem("1 minute")),
				error(4, 15, "restart.maxBackoff", durationProblem("-5m")));
	}

	@Test
	void reportsAMaxBackoffShorterThanTheBackoff() {
		List<PlanError> written = errorsOf("restart: {maxAttempts: 3, backoff: 5m, maxBackoff: 1m}\n" + MINIMAL);
		List<PlanError> byDefault = errorsOf("restart: {maxAttempts: 3, backoff: 1h}\n" + MINIMAL);
		List<PlanError> belowDefaultBackoff = errorsOf("restart: {maxAttempts: 3, maxBackoff: 30s}\n" + MINIMAL);

		assertThat(written)
			.containsExactly(error(1, 52, "restart.maxBackoff", "must not be shorter than backoff (5m), not 1m"));
		assertThat(byDefault).containsExactly(
				error(1, 36, "restart.backoff", "must not be longer than maxBackoff (by default 30m), not 1h"));
		assertThat(belowDefaultBackoff)
			.containsExactly(error(1, 39, "restart.maxBackoff", "must not be shorter than backoff (1m), not 30s"));
	}

	@Test
	void reportsUnknownFieldsWithTheClosestOrTheChoices() {
		List<PlanError> errors = errorsOf("""
				restart:
				  maxAttempt: 3
				  jitter: 5s
				""" + MINIMAL);

		// a block map starts at its first field, where the missing one is reported
		assertThat(errors).containsExactly(
				error(2, 3, "restart.maxAttempt", "unknown field 'maxAttempt'; did you mean 'maxAttempts'?"),
				error(2, 3, "restart.maxAttempts", "is required"), error(3, 3, "restart.jitter",
						"unknown field 'jitter'; expected one of: maxAttempts, backoff, maxBackoff"));
	}

	@Test
	void aRestartIsAMapOnThePlanOnly() {
		List<PlanError> list = errorsOf("restart: [3]\n" + MINIMAL);
		List<PlanError> onAStage = errorsOf(
				MINIMAL.replace("- name: dev", "- name: dev\n    restart: {maxAttempts: 3}"));

		assertThat(list).containsExactly(error(1, 10, "restart", "must be a map, not a list"));
		assertThat(onAStage).extracting(PlanError::line, PlanError::column, PlanError::field)
			.containsExactly(tuple(6, 5, "stages[0].restart"));
		assertThat(onAStage.get(0).message()).startsWith("unknown field 'restart'; expected one of: name, groups,");
	}

	private static String durationProblem(String text) {
		return catchThrowableOfType(IllegalArgumentException.class, () -> Durations.parse(text)).getMessage();
	}

	private List<PlanError> errorsOf(String yaml) {
		PlanException exception = catchThrowableOfType(PlanException.class, () -> this.loader.load("plan.yaml", yaml));
		assertThat(exception).as("loading should fail").isNotNull();
		return exception.errors();
	}

	private static PlanError error(int line, int column, String field, String message) {
		return new PlanError("plan.yaml", line, column, field, message);
	}

}
