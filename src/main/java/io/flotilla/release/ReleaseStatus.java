package io.flotilla.release;

import java.time.Instant;
import java.util.List;

import io.flotilla.control.ReleaseState;

/**
 * A release and the progress of each of its stages.
 *
 * @param id the release id
 * @param plan the plan's name
 * @param planFile the file the plan was read from
 * @param targetVersion the version rolled out
 * @param state where the release stands
 * @param reason why it is in that state (a breached budget, a failure), or null
 * @param startedBy who started it
 * @param createdAt when it was started
 * @param updatedAt when its state last changed
 * @param stages the stages in order
 */
public record ReleaseStatus(String id, String plan, String planFile, String targetVersion, ReleaseState state,
		String reason, String startedBy, Instant createdAt, Instant updatedAt, List<StageProgress> stages) {

}
