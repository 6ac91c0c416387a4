package io.flotilla;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.flotilla.schedule.ScheduleService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of docs/architecture.md: dependencies point inwards, the model and
 * rule packages stand alone, nothing outside {@code release} reaches into the rooms
 * behind its face, and no packages form a cycle.
 */
class PackageDependenciesTests {

	private static final String[] RELEASE_ROOMS = { "io.flotilla.release.store..", "io.flotilla.release.wave..",
			"io.flotilla.release.job..", "io.flotilla.release.runtime.." };

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.flotilla");
	}

	@Test
	void planUsesNothingElseOfFlotillaButTheCalendar() {
		noClasses().that()
			.resideInAPackage("io.flotilla.plan..")
			.should()
			.dependOnClassesThat(resideInAPackage("io.flotilla..").and(resideOutsideOfPackage("io.flotilla.plan.."))
				.and(resideOutsideOfPackage("io.flotilla.calendar..")))
			.check(classes);
	}

	@Test
	void theCalendarIsArithmeticOnItsOwn() {
		noClasses().that()
			.resideInAPackage("io.flotilla.calendar..")
			.should()
			.dependOnClassesThat(resideInAPackage("io.flotilla..").and(resideOutsideOfPackage("io.flotilla.calendar.."))
				.or(resideInAPackage("org.springframework..")))
			.check(classes);
	}

	@Test
	void thePlanModelKnowsNothingOfReadingPlans() {
		noClasses().that()
			.resideInAPackage("io.flotilla.plan")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.flotilla.plan.yaml..")
			.check(classes);
	}

	@Test
	void theCheckModelKnowsOnlyThePlanModel() {
		noClasses().that()
			.resideInAPackage("io.flotilla.plan.check..")
			.should()
			.dependOnClassesThat(resideInAPackage("io.flotilla..").and(resideOutsideOfPackage("io.flotilla.plan"))
				.and(resideOutsideOfPackage("io.flotilla.plan.check..")))
			.check(classes);
	}

	@Test
	void fleetUsesOnlyThePlanModel() {
		noClasses().that()
			.resideInAPackage("io.flotilla.fleet..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.plan.yaml..", "io.flotilla.release..", "io.flotilla.timer..",
					"io.flotilla.web..", "io.flotilla.cli..", "io.flotilla.sandbox..", "io.flotilla.database..")
			.check(classes);
	}

	@Test
	void healthChecksUseOnlyTheFleetAndThePlanModel() {
		noClasses().that()
			.resideInAPackage("io.flotilla.health..")
			.should()
			.dependOnClassesThat(resideInAPackage("io.flotilla..").and(resideOutsideOfPackage("io.flotilla.health.."))
				.and(resideOutsideOfPackage("io.flotilla.fleet.."))
				.and(resideOutsideOfPackage("io.flotilla.plan"))
				.and(resideOutsideOfPackage("io.flotilla.plan.check..")))
			.check(classes);
	}

	@Test
	void onlyReleasesAndTheCommandLineRunHealthChecks() {
		noClasses().that()
			.resideOutsideOfPackages("io.flotilla.health..", "io.flotilla.release..", "io.flotilla.cli..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.flotilla.health..")
			.check(classes);
	}

	@Test
	void sandboxStandsAlone() {
		noClasses().that()
			.resideInAPackage("io.flotilla.sandbox..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.plan..", "io.flotilla.fleet..", "io.flotilla.release..",
					"io.flotilla.timer..", "io.flotilla.web..", "io.flotilla.cli..", "io.flotilla.database..")
			.check(classes);
	}

	@Test
	void timersKnowNothingOfReleases() {
		noClasses().that()
			.resideInAPackage("io.flotilla.timer..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.release..", "io.flotilla.web..", "io.flotilla.cli..")
			.check(classes);
	}

	@Test
	void schedulesStartReleasesOnlyThroughTheirFace() {
		noClasses().that()
			.resideInAPackage("io.flotilla.schedule..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.release.store..", "io.flotilla.release.wave..",
					"io.flotilla.release.job..", "io.flotilla.release.runtime..", "io.flotilla.web..",
					"io.flotilla.cli..", "io.flotilla.console..", "io.flotilla.notify..", "io.flotilla.bench..",
					"io.flotilla.sandbox..", "io.flotilla.database..", "io.flotilla.fleet..", "io.flotilla.security..")
			.check(classes);
	}

	@Test
	void releasesAndTimersKnowNothingOfSchedules() {
		noClasses().that()
			.resideInAnyPackage("io.flotilla.release..", "io.flotilla.timer..", "io.flotilla.plan..",
					"io.flotilla.notify..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.flotilla.schedule..")
			.check(classes);
	}

	@Test
	void benchMeasureUsesNothingElseOfFlotilla() {
		noClasses().that()
			.resideInAPackage("io.flotilla.bench.measure..")
			.should()
			.dependOnClassesThat(
					resideInAPackage("io.flotilla..").and(resideOutsideOfPackage("io.flotilla.bench.measure..")))
			.check(classes);
	}

	@Test
	void releasesKnowNothingOfTheirClients() {
		noClasses().that()
			.resideInAPackage("io.flotilla.release..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.web..", "io.flotilla.cli..", "io.flotilla.sandbox..")
			.check(classes);
	}

	@Test
	void onlyTheReleasePackagesReachIntoTheirRooms() {
		noClasses().that()
			.resideOutsideOfPackage("io.flotilla.release..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(RELEASE_ROOMS)
			.check(classes);
	}

	@Test
	void theReleaseFaceKnowsNothingOfTheRoomsBehindIt() {
		noClasses().that()
			.resideInAPackage("io.flotilla.release")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(RELEASE_ROOMS)
			.check(classes);
	}

	@Test
	void theReleaseRoomsDependInwardsOnly() {
		inwardsOnly("io.flotilla.release.store..", "io.flotilla.release.wave..", "io.flotilla.release.job..",
				"io.flotilla.release.runtime..");
		inwardsOnly("io.flotilla.release.wave..", "io.flotilla.release.job..", "io.flotilla.release.runtime..");
		inwardsOnly("io.flotilla.release.job..", "io.flotilla.release.runtime..");
	}

	@Test
	void rulesAndTheAuditLogUseNothingElseOfFlotilla() {
		for (String pkg : List.of("io.flotilla.control..", "io.flotilla.audit..")) {
			noClasses().that()
				.resideInAPackage(pkg)
				.should()
				.dependOnClassesThat(resideInAPackage("io.flotilla..").and(resideOutsideOfPackage(pkg)))
				.check(classes);
		}
	}

	@Test
	void accountsKnowOnlyTheAuditLogAndSecrets() {
		noClasses().that()
			.resideInAPackage("io.flotilla.account..")
			.should()
			.dependOnClassesThat(resideInAPackage("io.flotilla..").and(resideOutsideOfPackage("io.flotilla.account.."))
				.and(resideOutsideOfPackage("io.flotilla.audit.."))
				.and(resideOutsideOfPackage("io.flotilla.secret..")))
			.check(classes);
	}

	@Test
	void secretsUseNothingElseOfFlotilla() {
		noClasses().that()
			.resideInAPackage("io.flotilla.secret..")
			.should()
			.dependOnClassesThat(resideInAPackage("io.flotilla..").and(resideOutsideOfPackage("io.flotilla.secret..")))
			.check(classes);
	}

	@Test
	void theDoorsKnowNothingOfReleases() {
		noClasses().that()
			.resideInAPackage("io.flotilla.security..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.release..", "io.flotilla.web..", "io.flotilla.cli..",
					"io.flotilla.notify..", "io.flotilla.fleet..", "io.flotilla.database..")
			.check(classes);
	}

	@Test
	void notifyOnlyReadsReleases() {
		noClasses().that()
			.resideInAPackage("io.flotilla.notify..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.web..", "io.flotilla.cli..", "io.flotilla.bench..",
					"io.flotilla.sandbox..", "io.flotilla.database..", "io.flotilla.timer..", "io.flotilla.audit..",
					"io.flotilla.fleet..")
			.check(classes);
	}

	@Test
	void theRestApiOnlyReadsReleases() {
		noClasses().that()
			.resideInAPackage("io.flotilla.web..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.cli..", "io.flotilla.notify..", "io.flotilla.bench..",
					"io.flotilla.sandbox..", "io.flotilla.database..", "io.flotilla.audit..")
			.check(classes);
	}

	@Test
	void theConsoleSteersReleasesOnlyThroughTheirFace() {
		noClasses().that()
			.resideInAPackage("io.flotilla.console..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.web..", "io.flotilla.cli..", "io.flotilla.notify..", "io.flotilla.bench..",
					"io.flotilla.sandbox..", "io.flotilla.database..", "io.flotilla.fleet..", "io.flotilla.security..")
			.check(classes);
	}

	@Test
	void theConsoleSteersSchedulesOnlyThroughTheirFace() {
		noClasses().that()
			.resideInAPackage("io.flotilla.console..")
			.should()
			.dependOnClassesThat(
					resideInAPackage("io.flotilla.schedule..").and(not(belongToAnyOf(ScheduleService.class))))
			.check(classes);
	}

	@Test
	void nothingDependsOnTheConsole() {
		noClasses().that()
			.resideOutsideOfPackage("io.flotilla.console..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.flotilla.console..")
			.check(classes);
	}

	@Test
	void theCommandLineTheBenchAndRehearsalsStayOutOfTheServersInsides() {
		noClasses().that()
			.resideInAnyPackage("io.flotilla.cli..", "io.flotilla.bench..", "io.flotilla.rehearse..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.web..", "io.flotilla.notify..", "io.flotilla.timer..",
					"io.flotilla.audit..")
			.check(classes);
	}

	@Test
	void rehearsalsKnowNoCommandAndNoBench() {
		noClasses().that()
			.resideInAPackage("io.flotilla.rehearse..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.cli..", "io.flotilla.bench..", "io.flotilla.console..",
					"io.flotilla.schedule..", "io.flotilla.fleet..")
			.check(classes);
	}

	@Test
	void theServerClientKnowsNoCommand() {
		noClasses().that()
			.resideInAPackage("io.flotilla.cli.client..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.cli", "io.flotilla.cli.account..", "io.flotilla.cli.status..")
			.check(classes);
	}

	@Test
	void packagesHaveNoCycles() {
		slices().matching("io.flotilla.(*)..").should().beFreeOfCycles().check(classes);
		slices().matching("io.flotilla.release.(*)..").should().beFreeOfCycles().check(classes);
	}

	private static void inwardsOnly(String room, String... outer) {
		noClasses().that()
			.resideInAPackage(room)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(outer)
			.check(classes);
	}

}
