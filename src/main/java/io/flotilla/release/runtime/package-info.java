/**
 * The running server's releases: the {@link io.flotilla.release.ReleaseService} behind
 * the REST API, the CLI and Slack, where signals are handled, the launcher that is the
 * one way to start, restart, recover and abandon a release's job, recovery at start-up
 * and the watchdog. Nothing outside the release packages uses it.
 */
package io.flotilla.release.runtime;
