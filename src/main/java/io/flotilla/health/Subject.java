package io.flotilla.health;

import java.time.Instant;
import java.util.List;

import io.flotilla.fleet.ClusterRef;

public record Subject(ClusterRef cluster, String stage, Instant since, boolean beforePatch, List<ClusterRef> controls) {
}
