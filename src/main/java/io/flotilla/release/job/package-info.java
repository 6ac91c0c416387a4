/**
 * The job built from a plan: {@link io.flotilla.release.job.ReleaseJob} is the one Job
 * the JobOperator knows, and {@link io.flotilla.release.job.ReleaseJobFactory} builds
 * each execution's steps from the release's plan snapshot (gates, rollouts, bakes). The
 * job's listener turns each ended execution into the release's state.
 */
package io.flotilla.release.job;
