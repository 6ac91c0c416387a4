/**
 * {@code flotilla bench}: measures Flotilla against a sandbox fleet it starts itself,
 * each figure beside its baseline. The public face is {@link io.flotilla.bench.Bench} and
 * {@link io.flotilla.bench.BenchReport}. The arithmetic of the figures and the heap
 * instruments of a measured child JVM are in {@link io.flotilla.bench.measure}, which
 * uses nothing of this package.
 */
package io.flotilla.bench;
