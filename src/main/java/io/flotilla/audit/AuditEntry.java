package io.flotilla.audit;

import java.time.Instant;

/**
 * One entry of the audit log.
 *
 * @param subject what it is about
 * @param at when it happened
 * @param kind an explicit code, such as {@code signal.applied}, stable across renames of
 * the code that writes it
 * @param stage the stage of a release it is about, or null
 * @param message one line for a person
 * @param actor who acted, or null when the system did
 * @param reason why they acted, or null
 * @param stateBefore the subject's state before, or null
 * @param stateAfter the subject's state after, or null
 */
public record AuditEntry(Subject subject, Instant at, String kind, String stage, String message, String actor,
		String reason, String stateBefore, String stateAfter) {

}
