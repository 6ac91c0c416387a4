package io.flotilla.release;

import java.time.Instant;

import io.flotilla.control.ReleaseState;

/**
 * One entry of a release's event log, as {@code flotilla release events} shows it.
 *
 * @param at when it happened
 * @param kind the audit log's code for the kind of event, such as {@code wave.done} or
 * {@code signal.applied} ({@link ReleaseEvent#kind()})
 * @param stage the stage it is about, or null
 * @param message one line for a person
 * @param by who sent a signal, or null
 * @param reason why a signal was sent, or null
 * @param before the release's state before a signal, or null
 * @param after the release's state after a signal, or null
 */
public record EventRecord(Instant at, String kind, String stage, String message, String by, String reason,
		ReleaseState before, ReleaseState after) {

}
