package io.flotilla.release.store;

import java.time.Instant;

import io.flotilla.control.Gate;
import io.flotilla.control.ReleaseState;

/**
 * A release as stored: the plan text it started with, where it stands, and which gate it
 * waits at.
 */
public record ReleaseRecord(String id, String planName, String planFile, String planText, String targetVersion,
		ReleaseState state, String stateReason, String startedBy, Instant createdAt, Instant updatedAt,
		String currentStage, Gate waitingFor, String approvedBy) {

}
