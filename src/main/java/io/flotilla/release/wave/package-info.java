/**
 * How a wave runs: {@link io.flotilla.release.wave.RolloutSteps} builds a stage's rollout
 * step, partitioned by group, whose chunk is one wave read from the cluster rows and
 * upgraded with bounded parallelism; the slots a wave's slowest clusters leave free start
 * clusters of the next wave. {@link io.flotilla.release.wave.ShutdownSignal} tells a wave
 * the server is stopping.
 */
package io.flotilla.release.wave;
