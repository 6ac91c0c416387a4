package io.flotilla;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The package rules of DESIGN.md: dependencies point inwards, and the model packages
 * stand alone.
 */
class PackageDependenciesTests {

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.flotilla");
	}

	@Test
	void planUsesNothingElseOfFlotilla() {
		noClasses().that()
			.resideInAPackage("io.flotilla.plan..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.fleet..", "io.flotilla.release..", "io.flotilla.schedule..",
					"io.flotilla.web..", "io.flotilla.cli..", "io.flotilla.sandbox..", "io.flotilla.database..")
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
	void fleetUsesOnlyThePlanModel() {
		noClasses().that()
			.resideInAPackage("io.flotilla.fleet..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.plan.yaml..", "io.flotilla.release..", "io.flotilla.schedule..",
					"io.flotilla.web..", "io.flotilla.cli..", "io.flotilla.sandbox..", "io.flotilla.database..")
			.check(classes);
	}

	@Test
	void sandboxStandsAlone() {
		noClasses().that()
			.resideInAPackage("io.flotilla.sandbox..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.plan..", "io.flotilla.fleet..", "io.flotilla.release..",
					"io.flotilla.schedule..", "io.flotilla.web..", "io.flotilla.cli..", "io.flotilla.database..")
			.check(classes);
	}

	@Test
	void timersKnowNothingOfReleases() {
		noClasses().that()
			.resideInAPackage("io.flotilla.schedule..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.flotilla.release..", "io.flotilla.web..", "io.flotilla.cli..")
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

}
