package io.flotilla.plan.yaml;

import java.util.List;

import io.flotilla.calendar.CalendarException;
import io.flotilla.calendar.OpenHours;
import io.flotilla.calendar.Window;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.plan.yaml.PlanException.PlanError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * When a plan's releases may move: {@code windows} on the plan, in {@code defaults} and
 * on a stage.
 */
class PlanWindowsTests {

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
	void aPlanWithoutWindowsIsAlwaysOpen() {
		Plan plan = this.loader.load("plan.yaml", MINIMAL);

		assertThat(plan.windows()).isEqualTo(OpenHours.ALWAYS);
		assertThat(plan.stages().get(0).windows()).isEqualTo(OpenHours.ALWAYS);
	}

	@Test
	void readsSeveralWindowsInTheOrderWrittenAndStagesTakeThem() {
		Plan plan = this.loader.load("plan.yaml", """
				windows:
				  - Mon-Thu 09:00-16:00 Europe/Berlin
				  - "Fri 22:00-02:00 UTC"
				  - 'Mon,Wed 06:00-07:00 America/New_York'
				""" + MINIMAL);

		assertThat(plan.windows().windows()).containsExactly(window("Mon-Thu 09:00-16:00 Europe/Berlin"),
				window("Fri 22:00-02:00 UTC"), window("Mon,Wed 06:00-07:00 America/New_York"));
		assertThat(plan.stages().get(0).windows()).isEqualTo(plan.windows());
	}

	@Test
	void aStageTakesWindowsFromItselfThenFromDefaultsThenFromThePlan() {
		Plan plan = this.loader.load("plan.yaml", """
				windows: [daily 00:00-24:00 UTC]
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				defaults:
				  windows: [Mon-Thu 09:00-16:00 Europe/Berlin]
				stages:
				  - name: dev
				    windows: [Sat-Sun 10:00-18:00 UTC, Fri 22:00-02:00 UTC]
				    groups: [{name: g, contexts: [c]}]
				  - name: prod
				    groups: [{name: g, contexts: [c]}]
				""");

		assertThat(plan.windows()).hasToString("daily 00:00-24:00 UTC");
		assertThat(plan.stages()).extracting(Stage::name, (stage) -> stage.windows().toString())
			.containsExactly(tuple("dev", "Sat-Sun 10:00-18:00 UTC, Fri 22:00-02:00 UTC"),
					tuple("prod", "Mon-Thu 09:00-16:00 Europe/Berlin"));
	}

	@Test
	void aStageThatNamesNoWindowsNeitherItselfNorInDefaultsTakesThePlans() {
		Plan plan = this.loader.load("plan.yaml",
				"windows: [Mon-Fri 08:00-18:00 Europe/London]\n" + "defaults: {waveSize: 3}\n" + MINIMAL);

		assertThat(plan.stages().get(0).windows()).hasToString("Mon-Fri 08:00-18:00 Europe/London");
	}

	@Test
	void anEmptyListOfWindowsIsAlwaysOpenAndReplacesThePlans() {
		Plan plan = this.loader.load("plan.yaml",
				"windows: [Mon 09:00-10:00 UTC]\n" + MINIMAL.replace("- name: dev", "- name: dev\n    windows: []"));

		assertThat(plan.windows().isAlways()).isFalse();
		assertThat(plan.stages().get(0).windows()).isEqualTo(OpenHours.ALWAYS);
	}

	@Test
	void reportsEachBadWindowAtItsOwnPlaceWithWhatIsWrong() {
		List<PlanError> errors = errorsOf("""
				windows:
				  - Mon-Thu 09:00-16:00 Europe/Berlin
				  - Mo-Thu 09:00-16:00 UTC
				  - Fri 22:00-22:00 UTC
				selector: {app: ch}
				version: {path: spec.image, target: "25.3"}
				changes: [{op: remove, path: spec.image}]
				defaults:
				  windows: ['Sat 10:00-12:00 Europe/Berln']
				stages:
				  - name: dev
				    windows: [Mon 9:00-10:00 UTC]
				    groups: [{name: g, contexts: [c]}]
				""");

		assertThat(errors).containsExactly(
				error(3, 5, "windows[1]",
						"invalid window 'Mo-Thu 09:00-16:00 UTC': unknown day 'Mo'; did you mean 'Mon'?"),
				error(4, 5, "windows[2]", problemOf("Fri 22:00-22:00 UTC")),
				error(9, 13, "defaults.windows[0]", problemOf("Sat 10:00-12:00 Europe/Berln")),
				error(12, 15, "stages[0].windows[0]", problemOf("Mon 9:00-10:00 UTC")));
		assertThat(problemOf("Fri 22:00-22:00 UTC")).isEqualTo("invalid window 'Fri 22:00-22:00 UTC': opens and"
				+ " closes at 22:00, a window that can never open; write 00:00-24:00 for whole days");
	}

	@Test
	void aBadWindowInDefaultsIsReportedOnceWhateverTheNumberOfStages() {
		List<PlanError> errors = errorsOf("defaults: {windows: [Mon 09:00-10:00 Mars/Olympus]}\n" + MINIMAL
				+ "  - name: prod\n    groups: [{name: g, contexts: [c]}]\n");

		assertThat(errors)
			.containsExactly(error(1, 22, "defaults.windows[0]", problemOf("Mon 09:00-10:00 Mars/Olympus")));
	}

	@Test
	void oneWindowWithoutAListIsShownAsAList() {
		List<PlanError> single = errorsOf("windows: Mon-Fri 09:00-17:00 UTC\n" + MINIMAL);
		List<PlanError> map = errorsOf(MINIMAL.replace("- name: dev", "- name: dev\n    windows: {Mon: 09:00-17:00}"));

		assertThat(single).containsExactly(error(1, 10, "windows",
				"must be a list of windows, such as ['Mon-Fri 09:00-17:00 UTC'], not a single value"));
		assertThat(map).containsExactly(error(6, 14, "stages[0].windows",
				"must be a list of windows, such as ['Mon-Thu 09:00-16:00 Europe/Berlin'], not a map"));
	}

	@Test
	void aWindowIsOneTextNotEmptyNotAList() {
		List<PlanError> errors = errorsOf("""
				windows:
				  - ""
				  - [Mon 09:00-10:00 UTC]
				""" + MINIMAL);

		assertThat(errors).containsExactly(error(2, 5, "windows[0]", "must not be empty"),
				error(3, 5, "windows[1]", "must be a single value, not a list"));
	}

	@Test
	void suggestsTheFieldForATypo() {
		List<PlanError> errors = errorsOf("window: [Mon 09:00-10:00 UTC]\n"
				+ MINIMAL.replace("- name: dev", "- name: dev\n    widnows: [Mon 09:00-10:00 UTC]"));

		assertThat(errors).containsExactly(error(1, 1, "window", "unknown field 'window'; did you mean 'windows'?"),
				error(7, 5, "stages[0].widnows", "unknown field 'widnows'; did you mean 'windows'?"));
	}

	private static Window window(String text) {
		return Window.parse(text);
	}

	/**
	 * What {@link Window#parse(String)} says of a bad window, whose wording its own tests
	 * pin down.
	 */
	private static String problemOf(String window) {
		return catchThrowableOfType(CalendarException.class, () -> Window.parse(window)).getMessage();
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
