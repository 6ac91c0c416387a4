package io.flotilla.sandbox;

import java.util.Map;
import java.util.Objects;

/**
 * One cluster a sandbox is to hold as given rather than generated, such as one read from
 * a real fleet: its context (the sandbox's region), namespace, name, labels and version.
 * The sandbox adds the labels its pods are selected by ({@code app.kubernetes.io/name:
 * clickhouse}, {@code app.kubernetes.io/instance: NAME}) and runs it as a ClickHouse
 * StatefulSet whose {@code clickhouse} container's image tag is the version.
 */
public record ClusterShape(String context, String namespace, String name, Map<String, String> labels, String version,
		int replicas) {

	public ClusterShape {
		Objects.requireNonNull(context, "context");
		Objects.requireNonNull(namespace, "namespace");
		Objects.requireNonNull(name, "name");
		labels = Map.copyOf(labels);
		Objects.requireNonNull(version, "version");
		if (replicas < 1) {
			throw new IllegalArgumentException("replicas must be at least 1, was " + replicas);
		}
	}

}
