package io.flotilla.schedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

import io.flotilla.plan.yaml.ScheduleLoader;
import io.flotilla.schedule.ScheduleDirectory.Copy;
import io.flotilla.schedule.ScheduleDirectory.FileCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readings of a schedules directory laid out as a Kubernetes ConfigMap volume: the files
 * in a {@code ..<timestamp>} directory, reached through the {@code ..data} symlink, and
 * shown at the top as symlinks through it. An update writes a new timestamped directory
 * and swaps {@code ..data} in one rename.
 */
class ScheduleDirectoryTests {

	private static final ScheduleLoader LOADER = new ScheduleLoader((plan) -> Optional.empty(),
			(user) -> Optional.empty());

	private static final String NIGHTLY = """
			plan: demo
			cron: "0 0 2 * * ?"
			version: "25.3"
			runAs: robot
			""";

	@TempDir
	Path volume;

	@Test
	void aConfigMapVolumeIsReadThroughItsDataLinkAndItsHiddenDirectoriesAreLeftOut() throws IOException {
		// given a volume with one version of the ConfigMap
		version("..2026_12_01_10_00_00.1", Instant.parse("2026-12-01T10:00:00Z"), "nightly.yaml", NIGHTLY);
		swapData("..2026_12_01_10_00_00.1");
		link("nightly.yaml");

		// when it is read
		Copy copy = ScheduleDirectory.read(this.volume, LOADER).orElseThrow();

		// then the one schedule is there, valid, and nothing of the hidden directories
		assertThat(copy.files()).extracting(FileCopy::name).containsExactly("nightly");
		assertThat(copy.files().get(0).isValid()).isTrue();
	}

	@Test
	void anUpdateSwapsTheDataLinkAndTheNextReadingSeesTheNewVersionWholeAndNewer() throws IOException {
		// given a first version, read
		version("..v1", Instant.parse("2026-12-01T10:00:00Z"), "nightly.yaml", NIGHTLY);
		swapData("..v1");
		link("nightly.yaml");
		Copy first = ScheduleDirectory.read(this.volume, LOADER).orElseThrow();

		// when the ConfigMap is updated: a changed schedule and a new one
		version("..v2", Instant.parse("2026-12-01T10:05:00Z"), "nightly.yaml", NIGHTLY.replace("0 0 2", "0 30 3"),
				"weekly.yaml", NIGHTLY.replace("0 0 2 * * ?", "0 0 9 ? * TUE"));
		swapData("..v2");
		link("weekly.yaml");
		Copy second = ScheduleDirectory.read(this.volume, LOADER).orElseThrow();

		// then both are read from the new version, and the copy is newer than the first
		assertThat(second.files()).extracting(FileCopy::name).containsExactly("nightly", "weekly");
		assertThat(second.files().get(0).schedule().cron()).isEqualTo("0 30 3 * * ?");
		assertThat(second.files().get(0).hash()).isNotEqualTo(first.files().get(0).hash());
		assertThat(second.modifiedAt()).isAfter(first.modifiedAt());
	}

	@Test
	void theSameTextHashesTheSameAndAnInvalidFileKeepsItsProblemsWithTheirPlace() throws IOException {
		Files.writeString(this.volume.resolve("nightly.yaml"), NIGHTLY);
		Files.writeString(this.volume.resolve("broken.yml"), "plan: demo\ncron: nope\n");
		Files.writeString(this.volume.resolve("versions.txt"), "25.3\n");

		Copy once = ScheduleDirectory.read(this.volume, LOADER).orElseThrow();
		Copy again = ScheduleDirectory.read(this.volume, LOADER).orElseThrow();

		assertThat(once.files()).extracting(FileCopy::name).containsExactly("broken", "nightly");
		assertThat(again.files()).extracting(FileCopy::hash)
			.isEqualTo(once.files().stream().map(FileCopy::hash).toList());
		assertThat(once.files().get(0).isValid()).isFalse();
		assertThat(once.files().get(0).problems()).contains(
				this.volume.resolve("broken.yml") + ":1:1: runAs: is required",
				this.volume.resolve("broken.yml") + ":2:7: cron: invalid cron expression 'nope'");
	}

	@Test
	void aDirectoryThatIsNotThereIsNoReadingAtAll() throws IOException {
		assertThat(ScheduleDirectory.read(this.volume.resolve("not-mounted"), LOADER)).isEmpty();
	}

	private void version(String name, Instant written, String... files) throws IOException {
		Path directory = Files.createDirectory(this.volume.resolve(name));
		for (int i = 0; i < files.length; i += 2) {
			Path file = Files.writeString(directory.resolve(files[i]), files[i + 1]);
			Files.setLastModifiedTime(file, FileTime.from(written));
		}
		Files.setLastModifiedTime(directory, FileTime.from(written));
	}

	/**
	 * As the kubelet does: a new link beside the old one, renamed over it.
	 */
	private void swapData(String target) throws IOException {
		Path next = Files.createSymbolicLink(this.volume.resolve("..data_tmp"), Path.of(target));
		Files.move(next, this.volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
	}

	private void link(String file) throws IOException {
		Files.createSymbolicLink(this.volume.resolve(file), Path.of("..data", file));
	}

}
