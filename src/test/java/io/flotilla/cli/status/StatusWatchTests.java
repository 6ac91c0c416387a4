package io.flotilla.cli.status;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.flotilla.control.ReleaseState;
import io.flotilla.release.ClusterFailure;
import io.flotilla.release.ReleaseStatus;
import io.flotilla.release.StageProgress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusWatchTests {

	private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

	private final StringWriter written = new StringWriter();

	@Test
	void intoAPipeItWritesOneLinePerChangeUntilTheReleaseSettles() throws InterruptedException {
		// given
		Deque<ReleaseStatus> looks = new ArrayDeque<>(List.of(release(ReleaseState.RUNNING, 0, 2, 0),
				release(ReleaseState.RUNNING, 0, 2, 0), release(ReleaseState.RUNNING, 2, 2, 1),
				release(ReleaseState.COMPLETED, 4, 0, 1), release(ReleaseState.RUNNING, 0, 0, 0)));

		// when
		ReleaseStatus last = watch(false).follow(looks::pop, Instant.MAX);

		// then
		assertThat(last.state()).isEqualTo(ReleaseState.COMPLETED);
		assertThat(this.written.toString()).isEqualTo("""
				[0s] RUNNING  prod 0/4 2 in flight
				[0s] RUNNING  prod 2/4 (1 failed) 2 in flight
				[0s] COMPLETED  prod 4/4 (1 failed)
				""");
		assertThat(looks).hasSize(1);
	}

	@Test
	void inATerminalItRedrawsTheBlockInPlace() throws InterruptedException {
		// given
		Deque<ReleaseStatus> looks = new ArrayDeque<>(
				List.of(release(ReleaseState.RUNNING, 0, 2, 0), release(ReleaseState.COMPLETED, 4, 0, 1)));

		// when
		watch(true).follow(looks::pop, Instant.MAX);

		// then: the first block (release, plan, one stage) is drawn, then moved over and
		// cleared, and the last block shows the failure
		String output = this.written.toString();
		assertThat(output).startsWith("release r-1  RUNNING\n").contains("\u001b[3F\u001b[J");
		List<String> last = output.substring(output.indexOf("\u001b[J") + 3).lines().toList();
		assertThat(last.get(0)).isEqualTo("release r-1  COMPLETED");
		assertThat(last.get(1)).startsWith("  plan prod (prod.yaml) -> 25.3, started by alice at ");
		assertThat(last.subList(2, last.size())).containsExactly(
				"  prod [########################]    4/4    upgraded 3, already current 0, failed 1",
				"  failed clusters (1):", "    prod  eu/db/a: not ready after 1s");
	}

	@Test
	void itStopsAtTheDeadlineWithTheLastStatusRead() throws InterruptedException {
		Deque<ReleaseStatus> looks = new ArrayDeque<>(List.of(release(ReleaseState.RUNNING, 0, 2, 0)));

		ReleaseStatus last = watch(false).follow(looks::pop, AT);

		assertThat(last.state()).isEqualTo(ReleaseState.RUNNING);
	}

	private StatusWatch watch(boolean terminal) {
		return new StatusWatch(new PrintWriter(this.written), terminal, Duration.ZERO, Clock.fixed(AT, ZoneOffset.UTC));
	}

	private static ReleaseStatus release(ReleaseState state, int done, int inFlight, int failed) {
		List<ClusterFailure> failures = (failed > 0)
				? List.of(new ClusterFailure("prod", "eu/db/a", "not ready after 1s")) : List.of();
		StageProgress prod = new StageProgress("prod", 4, 4 - done, done - failed, 0, 0, 0, failed, 0, 0, inFlight, 1,
				(done < 4) ? 1 : null, null, failures);
		return new ReleaseStatus("r-1", "prod", "prod.yaml", "25.3", state, null, "alice", AT, AT, List.of(prod));
	}

}
