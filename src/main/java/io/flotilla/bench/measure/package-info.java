/**
 * What the bench measures with, knowing nothing of Flotilla nor of the rest of the bench:
 * the arithmetic of its figures ({@link io.flotilla.bench.measure.Percentiles}, the
 * makespan's {@link io.flotilla.bench.measure.LowerBound} and the scheduling model
 * {@link io.flotilla.bench.measure.ListSchedule}) and the heap and resident set size
 * instruments of a measured child JVM ({@link io.flotilla.bench.measure.PeakReporter}).
 */
package io.flotilla.bench.measure;
