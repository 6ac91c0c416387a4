package io.flotilla.fleet;

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
	void aMissingKubeconfigGivesNoContextsAndAClearRefusal() {
		Path missing = this.directory.resolve("kubeconfig");
		try (Fleet fleet = new Fleet(FleetSettings.defaults(missing))) {
			assertThat(fleet.contexts()).isEmpty();
			VersionSpec version = new VersionSpec(FieldPath.parse("metadata.labels.version"), null, "25.3",
					VersionOrder.NONE, false);

			assertThatIllegalArgumentException()
				.isThrownBy(() -> fleet.inventory(Target.STATEFUL_SET, Map.of("app", "db"), "us-east-1", List.of(),
						version, Readiness.STATEFUL_SET))
				.withMessage("unknown context 'us-east-1': the kubeconfig " + missing
						+ " has no contexts (set --kubeconfig or flotilla.kubeconfig)");
		}
	}

}
