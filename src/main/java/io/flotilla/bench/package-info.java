/**
 * {@code flotilla bench}: measures Flotilla against a sandbox fleet it starts itself,
 * each figure beside its baseline. The public face is {@link io.flotilla.bench.Bench} and
 * {@link io.flotilla.bench.BenchReport}.
 */
package io.flotilla.bench;
