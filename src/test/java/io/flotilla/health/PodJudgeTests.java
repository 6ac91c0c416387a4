package io.flotilla.health;

import java.time.Instant;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodJudgeTests {

	private static final Instant PATCH = Instant.parse("2026-06-04T10:00:00Z");

	@Test
	void aPodStartedAfterThePatchCountsEveryRestartOfEveryContainer() {
		Pod pod = pod("2026-06-04T10:01:00Z", restarted(3, "2026-06-04T10:05:00Z"), restarted(1, null));

		assertThat(PodJudge.restartsSince(pod, PATCH)).isEqualTo(4);
	}

	@Test
	void anOlderPodCountsOnePerContainerWhoseLastRunEndedAfterThePatch() {
		Pod pod = pod("2026-06-04T09:00:00Z", restarted(7, "2026-06-04T10:05:00Z"),
				restarted(2, "2026-06-04T09:30:00Z"), restarted(0, null));

		assertThat(PodJudge.restartsSince(pod, PATCH)).isEqualTo(1);
	}

	@Test
	void aPodIsReadyOnlyWithATrueReadyCondition() {
		assertThat(PodJudge.isReady(withReady("True"))).isTrue();
		assertThat(PodJudge.isReady(withReady("False"))).isFalse();
		assertThat(PodJudge.isReady(new PodBuilder().withNewStatus().endStatus().build())).isFalse();
	}

	private static Pod pod(String startTime, ContainerStatus... containers) {
		return new PodBuilder().withNewStatus()
			.withStartTime(startTime)
			.withContainerStatuses(containers)
			.endStatus()
			.build();
	}

	private static ContainerStatus restarted(int count, String lastFinishedAt) {
		ContainerStatusBuilder status = new ContainerStatusBuilder().withName("c").withRestartCount(count);
		if (lastFinishedAt != null) {
			status.withNewLastState().withNewTerminated().withFinishedAt(lastFinishedAt).endTerminated().endLastState();
		}
		return status.build();
	}

	private static Pod withReady(String status) {
		return new PodBuilder().withNewStatus()
			.addNewCondition()
			.withType("Ready")
			.withStatus(status)
			.endCondition()
			.endStatus()
			.build();
	}

}
