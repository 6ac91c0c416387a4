package io.flotilla.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.flotilla.plan.FieldPath;
import io.flotilla.plan.Readiness;
import io.flotilla.plan.Target;
import io.flotilla.plan.VersionOrder;
import io.flotilla.plan.VersionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FleetTests {

	@TempDir
	Path directory;

	@Test
	void aMissingKubeconfigGivesNoContextsAndARefusalThatSaysItDoesNotExist() {
		Path missing = this.directory.resolve("kubeconfig");
		try (Fleet fleet = new Fleet(FleetSettings.defaults(missing))) {
			assertThat(fleet.contexts()).isEmpty();
			assertThat(fleet.whyNoContexts()).contains("the kubeconfig " + missing + " does not exist");
			VersionSpec version = new VersionSpec(FieldPath.parse("metadata.labels.version"), null, "25.3",
					VersionOrder.NONE, false);

			assertThatIllegalArgumentException()
				.isThrownBy(() -> fleet.inventory(Target.STATEFUL_SET, Map.of("app", "db"), "us-east-1", List.of(),
						version, Readiness.STATEFUL_SET))
				.withMessage("unknown context 'us-east-1': the kubeconfig " + missing
						+ " does not exist (set --kubeconfig or flotilla.kubeconfig)");
		}
	}

	@Test
	void aKubeconfigWithContextsHasNoReasonToHaveNone() throws IOException {
		Path kubeconfig = Files.writeString(this.directory.resolve("kubeconfig"), """
				apiVersion: v1
				kind: Config
				clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
				users: [{name: u, user: {}}]
				contexts: [{name: us-east-1, context: {cluster: c, user: u}}]
				""");

		try (Fleet fleet = new Fleet(FleetSettings.defaults(kubeconfig))) {
			assertThat(fleet.contexts()).containsExactly("us-east-1");
			assertThat(fleet.whyNoContexts()).isEmpty();
		}
	}

	@Test
	void aKubeconfigThatIsADirectoryOrNamesNoContextSaysSo() throws IOException {
		Path empty = Files.writeString(this.directory.resolve("empty"), "apiVersion: v1\nkind: Config\n");

		try (Fleet directory = new Fleet(FleetSettings.defaults(this.directory));
				Fleet noContexts = new Fleet(FleetSettings.defaults(empty))) {
			assertThat(directory.whyNoContexts()).contains("the kubeconfig " + this.directory + " is not a file");
			assertThat(noContexts.whyNoContexts()).contains("the kubeconfig " + empty + " has no contexts");
		}
	}

}
