package io.flotilla.bench.measure;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;

/**
 * What a list scheduler takes for the same work: clusters in plan order, each started on
 * the first of {@code parallelism} slots to come free. It models the release's own
 * scheduling, so that the measured makespan can be checked against the model and a
 * different scheduling can be judged on the very same work before it is built.
 */
public final class ListSchedule {

	private ListSchedule() {
	}

	/**
	 * Each wave starts when the one before has ended, as a chunk per wave does.
	 */
	public static Duration withBarriers(List<? extends List<Duration>> waves, int parallelism) {
		long end = 0;
		for (List<Duration> wave : waves) {
			end = run(wave, parallelism, end);
		}
		return Duration.ofNanos(end);
	}

	/**
	 * A slot that comes free takes the next cluster, of the same wave or the next one.
	 */
	public static Duration rolling(List<? extends List<Duration>> waves, int parallelism) {
		return Duration.ofNanos(run(waves.stream().flatMap(List::stream).toList(), parallelism, 0));
	}

	private static long run(List<Duration> work, int parallelism, long start) {
		if (parallelism < 1) {
			throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
		}
		PriorityQueue<Long> slotsFreeAt = new PriorityQueue<>();
		for (int i = 0; i < parallelism; i++) {
			slotsFreeAt.add(start);
		}
		long end = start;
		for (Duration each : work) {
			long done = slotsFreeAt.remove() + each.toNanos();
			slotsFreeAt.add(done);
			end = Math.max(end, done);
		}
		return end;
	}

}
