package io.flotilla.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plans folder the start page offers: only its plan files, and nothing else read.
 */
class PlanDirectoryTests {

	@TempDir
	Path folder;

	@Test
	void listsOnlyThePlanFilesByName() throws IOException {
		// given
		Files.writeString(this.folder.resolve("b.yml"), "name: b");
		Files.writeString(this.folder.resolve("a.yaml"), "name: a");
		Files.writeString(this.folder.resolve("notes.txt"), "no plan");
		Files.createDirectory(this.folder.resolve("old.yaml"));

		// when
		PlanDirectory plans = new PlanDirectory(this.folder);

		// then
		assertThat(plans.exists()).isTrue();
		assertThat(plans.files()).containsExactly("a.yaml", "b.yml");
		assertThat(plans.read("a.yaml")).contains("name: a");
	}

	@Test
	void readsNoFileItDoesNotList() throws IOException {
		// given
		Files.writeString(this.folder.resolve("secret.yaml"), "outside");
		Files.createDirectory(this.folder.resolve("jobs"));
		PlanDirectory plans = new PlanDirectory(this.folder.resolve("jobs"));

		// then
		assertThat(plans.read("../secret.yaml")).isEmpty();
		assertThat(plans.read("notes.txt")).isEmpty();
	}

	@Test
	void aFolderThatDoesNotExistHasNoPlans() {
		// when
		PlanDirectory plans = new PlanDirectory(this.folder.resolve("missing"));

		// then
		assertThat(plans.exists()).isFalse();
		assertThat(plans.files()).isEmpty();
		assertThat(plans.read("a.yaml")).isEmpty();
	}

}
