package io.flotilla.plan.yaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.flotilla.plan.Durations;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A plan's text changed for a rehearsal, everything else kept as written, as
 * {@link PlanLoader#withTarget} does: the release the rehearsal starts stores this text,
 * so what it shows is the plan an engineer wrote with only the rehearsal's changes.
 * Settings are found where a plan can write them: at the top, in {@code defaults} and in
 * each stage. A value that is not a valid duration is left alone for the loader to report
 * at its place.
 */
public final class PlanRewrites {

	/** The stage settings that are waits a rehearsal compresses. */
	static final Set<String> COMPRESSED = Set.of("bake", "soak", "readyTimeout");

	private static final String CHECKS = "checks";

	private PlanRewrites() {
	}

	/**
	 * The plan with every {@code bake}, {@code soak} and {@code readyTimeout} divided by
	 * {@code speed}, to the millisecond; a duration above zero stays above zero, so a
	 * bake still happens and a ready timeout stays valid.
	 * @param speed how many times faster, at least 1
	 * @param readyTimeoutFloor the shortest a {@code readyTimeout} is divided to: a
	 * cluster's readiness includes the Kubernetes API's and its controller's reaction,
	 * which take their real time at any speed
	 * @throws PlanException when the text is not YAML
	 * @throws IllegalArgumentException when {@code speed} is below 1
	 */
	public static String compressed(String file, String yaml, long speed, Duration readyTimeoutFloor) {
		if (speed < 1) {
			throw new IllegalArgumentException("speed must be at least 1, was " + speed);
		}
		List<Edit> edits = new ArrayList<>();
		for (MappingNode settings : settings(document(file, yaml))) {
			for (NodeTuple tuple : settings.getValue()) {
				if (isKey(tuple, COMPRESSED) && tuple.getValueNode() instanceof ScalarNode value) {
					Duration floor = isKey(tuple, Set.of("readyTimeout")) ? readyTimeoutFloor : Duration.ZERO;
					divided(value.getValue(), speed, floor)
						.ifPresent((text) -> edits.add(new Edit(start(value), end(value), text)));
				}
			}
		}
		return apply(yaml, edits);
	}

	/**
	 * The plan without health checks: every {@code checks} of the plan, its
	 * {@code defaults} and its stages becomes {@code []}, so that a rehearsal shows what
	 * the same plan does when nothing watches its clusters.
	 * @throws PlanException when the text is not YAML
	 */
	public static String withoutChecks(String file, String yaml) {
		List<Edit> edits = new ArrayList<>();
		for (MappingNode settings : settings(document(file, yaml))) {
			for (NodeTuple tuple : settings.getValue()) {
				if (isKey(tuple, Set.of(CHECKS))) {
					// from the key's end, so a list written on the lines below goes too
					int from = tuple.getKeyNode().getEndMark().get().getIndex();
					edits.add(new Edit(from, trimmedEnd(yaml, from, tuple.getValueNode()), ": []"));
				}
			}
		}
		return apply(yaml, edits);
	}

	private static Node document(String file, String yaml) {
		Problems problems = new Problems(file);
		Optional<Node> document = new PlanYaml(file).compose(yaml, problems);
		problems.throwIfAny();
		return document.get();
	}

	/**
	 * The mappings that hold stage settings: the plan itself (for its {@code checks}),
	 * its {@code defaults}, and each stage.
	 */
	private static List<MappingNode> settings(Node document) {
		List<MappingNode> settings = new ArrayList<>();
		if (document instanceof MappingNode plan) {
			settings.add(plan);
			for (NodeTuple tuple : plan.getValue()) {
				if (isKey(tuple, Set.of("defaults")) && tuple.getValueNode() instanceof MappingNode defaults) {
					settings.add(defaults);
				}
				if (isKey(tuple, Set.of("stages")) && tuple.getValueNode() instanceof SequenceNode stages) {
					stages.getValue()
						.stream()
						.filter(MappingNode.class::isInstance)
						.map(MappingNode.class::cast)
						.forEach(settings::add);
				}
			}
		}
		return settings;
	}

	private static boolean isKey(NodeTuple tuple, Set<String> names) {
		return tuple.getKeyNode() instanceof ScalarNode key && names.contains(key.getValue());
	}

	private static Optional<String> divided(String text, long speed, Duration floor) {
		Duration duration;
		try {
			duration = Durations.parse(text);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		if (duration.isZero() || duration.compareTo(floor) <= 0) {
			return Optional.of(text);
		}
		Duration shorter = Duration
			.ofMillis(Math.max(Math.max(1, floor.toMillis()), duration.dividedBy(speed).toMillis()));
		return Optional.of(Durations.format(shorter));
	}

	private static int start(Node node) {
		return node.getStartMark().get().getIndex();
	}

	private static int end(Node node) {
		return node.getEndMark().get().getIndex();
	}

	/**
	 * Where a value's own text ends. A block collection's end mark lies at the next
	 * token, past the line breaks and comments after its last item, so the end of its
	 * last item is taken instead, and line breaks a block scalar keeps are left in place.
	 */
	private static int trimmedEnd(String yaml, int from, Node value) {
		Node last = value;
		while (true) {
			if (last instanceof SequenceNode sequence && sequence.getFlowStyle() == FlowStyle.BLOCK
					&& !sequence.getValue().isEmpty()) {
				last = sequence.getValue().get(sequence.getValue().size() - 1);
			}
			else if (last instanceof MappingNode mapping && mapping.getFlowStyle() == FlowStyle.BLOCK
					&& !mapping.getValue().isEmpty()) {
				last = mapping.getValue().get(mapping.getValue().size() - 1).getValueNode();
			}
			else {
				break;
			}
		}
		int end = yaml.offsetByCodePoints(0, end(last));
		while (end > yaml.offsetByCodePoints(0, from) && Character.isWhitespace(yaml.charAt(end - 1))) {
			end--;
		}
		return yaml.codePointCount(0, end);
	}

	private static String apply(String yaml, List<Edit> edits) {
		StringBuilder text = new StringBuilder(yaml);
		edits.stream().sorted(Comparator.comparingInt(Edit::start).reversed()).forEach((edit) -> {
			int start = yaml.offsetByCodePoints(0, edit.start());
			int end = yaml.offsetByCodePoints(0, edit.end());
			text.replace(start, end, edit.text());
		});
		return text.toString();
	}

	/**
	 * Text between two marks (code point indexes) and what replaces it.
	 */
	private record Edit(int start, int end, String text) {

	}

}
