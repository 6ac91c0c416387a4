package io.flotilla.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * How big a bench run is.
 *
 * @param mode {@code quick} or {@code full}
 * @param directory where the sandbox, the databases and the logs go
 * @param overheadClusters clusters of the orchestration overhead figure
 * @param overheadParallelism its parallelism
 * @param makespanClusters clusters of the makespan figure
 * @param makespanParallelism its parallelism
 * @param makespanWaveSize its wave size
 * @param timeScale factor on the makespan's pod restart times (median 2 s, tail 30 s)
 * @param scaleClusters fleet sizes of the scale figures
 * @param scaleRelease whether the scale figures include a full release
 * @param bakes bakes of the timer figure
 * @param bakeReleases over how many releases at once they are spread
 * @param consoleClusters clusters of the release whose console pages are measured
 * @param consoleRequests requests of each console page measured, after a few warm-ups
 * @param scheduleSeconds how long the schedules of the fire lateness figure fire, each
 * every second
 */
public record BenchOptions(String mode, Path directory, int overheadClusters, int overheadParallelism,
		int makespanClusters, int makespanParallelism, int makespanWaveSize, double timeScale,
		List<Integer> scaleClusters, boolean scaleRelease, int bakes, int bakeReleases, int consoleClusters,
		int consoleRequests, int scheduleSeconds) {

	public static BenchOptions quick(Path directory) {
		return new BenchOptions("quick", directory, 1000, 50, 200, 20, 100, 0.1, List.of(10_000), false, 20, 4, 1000,
				10, 20);
	}

	public static BenchOptions full(Path directory) {
		return new BenchOptions("full", directory, 10_000, 50, 1000, 20, 100, 1.0, List.of(10_000, 100_000), true, 200,
				8, 10_000, 30, 120);
	}

}
