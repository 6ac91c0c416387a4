package io.flotilla.plan.yaml;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.flotilla.plan.Plan;
import io.flotilla.plan.check.Check;
import io.flotilla.plan.yaml.PlanException.PlanError;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Loads a plan from YAML text and validates it completely: every problem found is
 * reported, each with its file, line, column and field, and no plan is returned unless
 * there are none. The format is described in {@code docs/plans.md}.
 */
public final class PlanLoader {

	private final Approvers approvers;

	private final Map<String, Check> steps;

	/**
	 * A loader that checks the form of approver group names but not whether the groups
	 * exist, for where the groups are not known (a plan validated without a server). It
	 * knows no steps: a plan that names one is reported, see {@link #withSteps(Map)}.
	 */
	public PlanLoader() {
		this(Approvers.unchecked(), Map.of());
	}

	private PlanLoader(Approvers approvers, Map<String, Check> steps) {
		this.approvers = approvers;
		this.steps = Map.copyOf(steps);
	}

	/**
	 * A loader that also reports every approver group not among the given ones, at the
	 * list item that names it.
	 * @param knownGroups the groups that exist: from single sign-on or assigned to local
	 * users; when empty, every approver group is reported
	 */
	public static PlanLoader checkingGroups(Set<String> knownGroups) {
		return new PlanLoader(Approvers.checking(knownGroups), Map.of());
	}

	/**
	 * This loader, checking groups as it does, with the steps a plan's checks may name
	 * ({@code - step: clickhouse-errors}); a step not among them is reported at its name,
	 * with the closest one.
	 * @param steps the reusable check definitions by name, as {@link StepLoader} reads
	 * them from {@code steps/}; those of an earlier call are replaced
	 */
	public PlanLoader withSteps(Map<String, Check> steps) {
		return new PlanLoader(this.approvers, steps);
	}

	/**
	 * Loads and validates a plan.
	 * @param file the file name used in error messages and as the default plan name
	 * @param yaml the plan's text
	 * @throws PlanException listing every problem found
	 */
	public Plan load(String file, String yaml) {
		Problems problems = new Problems(file);
		PlanYaml parser = new PlanYaml(file);
		Optional<Node> document = parser.compose(yaml, problems);
		problems.throwIfAny();
		return new PlanBinder(defaultName(file), parser, problems, this.approvers, new CheckBinder(this.steps))
			.bind(document.get());
	}

	/**
	 * Reads and validates a plan file, named in errors as given.
	 * @throws PlanException when the file cannot be read or the plan has problems
	 */
	public Plan load(Path file) {
		return load(file.toString(), read(file));
	}

	/**
	 * The text of a plan file. Why a file cannot be read is said in words, with a place
	 * only where there is one: the line and column of the first byte that is not UTF-8.
	 * @throws PlanException when the file does not exist, is a directory, is not UTF-8 or
	 * cannot be read
	 */
	public static String read(Path file) {
		if (Files.isDirectory(file)) {
			throw unreadable(file, 0, 0, "is a directory, not a plan file");
		}
		try {
			return utf8(file, Files.readAllBytes(file));
		}
		catch (NoSuchFileException ex) {
			throw unreadable(file, 0, 0, "does not exist");
		}
		catch (AccessDeniedException ex) {
			throw unreadable(file, 0, 0, "cannot be read: permission denied");
		}
		catch (IOException ex) {
			throw unreadable(file, 0, 0, "cannot be read: " + ex.getMessage());
		}
	}

	private static String utf8(Path file, byte[] bytes) {
		ByteBuffer in = ByteBuffer.wrap(bytes);
		CharBuffer text = CharBuffer.allocate(bytes.length);
		CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, text, true);
		if (result.isError()) {
			String before = text.flip().toString();
			int line = (int) before.chars().filter((c) -> c == '\n').count() + 1;
			int column = before.length() - before.lastIndexOf('\n');
			throw unreadable(file, line, column,
					String.format("is not UTF-8 (byte 0x%02X); save the plan as UTF-8", bytes[in.position()] & 0xFF));
		}
		return text.flip().toString();
	}

	private static PlanException unreadable(Path file, int line, int column, String reason) {
		return new PlanException(List.of(new PlanError(file.toString(), line, column, "", reason)));
	}

	/**
	 * The plan's text with another {@code version.target}, everything else as written: a
	 * schedule that reads its version at fire time starts its release from this text, so
	 * the release's snapshot still says what it rolled out.
	 * @param version a version the schedule checked: letters, digits, '.', '_', '+', '-'
	 * @throws PlanException when the plan cannot be read or has no {@code version.target}
	 */
	public static String withTarget(String file, String yaml, String version) {
		Problems problems = new Problems(file);
		Optional<Node> document = new PlanYaml(file).compose(yaml, problems);
		problems.throwIfAny();
		Optional<Node> target = child(document.get(), "version").flatMap((node) -> child(node, "target"));
		if (target.isEmpty() || !(target.get() instanceof ScalarNode)) {
			problems.add(0, 0, "version.target", "is required");
			problems.throwIfAny();
		}
		int start = yaml.offsetByCodePoints(0, target.get().getStartMark().get().getIndex());
		int end = yaml.offsetByCodePoints(0, target.get().getEndMark().get().getIndex());
		return yaml.substring(0, start) + '"' + version + '"' + yaml.substring(end);
	}

	/**
	 * The plan's text with the definitions of the steps it names copied in, under a
	 * {@code steps:} of its own, everything else as written. A release stores this text,
	 * so that it runs the checks it started with whatever {@code steps/} holds later,
	 * like the rest of its plan. A step the plan defines itself, or that is not among the
	 * given ones, is left for {@link #load} to bind or report.
	 * @param steps each step's file text by its name, as {@link StepLoader#readDirectory}
	 * reads them
	 * @throws PlanException when the plan cannot be read, or defines steps of its own and
	 * also names some of {@code steps/}
	 */
	public static String withStepsOf(String file, String yaml, Map<String, String> steps) {
		Problems problems = new Problems(file);
		Optional<Node> document = new PlanYaml(file).compose(yaml, problems);
		problems.throwIfAny();
		Optional<Node> own = child(document.get(), "steps");
		Set<String> named = new TreeSet<>();
		stepsNamed(document.get(), named);
		own.ifPresent((node) -> named.removeAll(keys(node)));
		named.retainAll(steps.keySet());
		if (named.isEmpty()) {
			return yaml;
		}
		if (own.isPresent()) {
			problems.add(own.get().getStartMark().map((mark) -> mark.getLine() + 1).orElse(0), 0, "steps",
					"a plan that defines steps itself cannot also name steps of steps/ (" + String.join(", ", named)
							+ "): copy them into its steps");
			problems.throwIfAny();
		}
		StringBuilder embedded = new StringBuilder(yaml);
		if (!yaml.isEmpty() && !yaml.endsWith("\n")) {
			embedded.append('\n');
		}
		embedded.append("# The steps this plan names, as steps/ held them when it was read.\nsteps:\n");
		for (String name : named) {
			embedded.append("  ").append(name).append(":\n");
			steps.get(name)
				.lines()
				.forEach((line) -> embedded.append(line.isBlank() ? "" : "    " + line).append('\n'));
		}
		return embedded.toString();
	}

	private static void stepsNamed(Node node, Set<String> named) {
		if (node instanceof MappingNode mapping) {
			for (NodeTuple tuple : mapping.getValue()) {
				if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("step")
						&& tuple.getValueNode() instanceof ScalarNode value) {
					named.add(value.getValue());
				}
				else {
					stepsNamed(tuple.getValueNode(), named);
				}
			}
		}
		else if (node instanceof SequenceNode sequence) {
			sequence.getValue().forEach((item) -> stepsNamed(item, named));
		}
	}

	private static Set<String> keys(Node node) {
		Set<String> keys = new HashSet<>();
		if (node instanceof MappingNode mapping) {
			mapping.getValue()
				.stream()
				.filter((tuple) -> tuple.getKeyNode() instanceof ScalarNode)
				.forEach((tuple) -> keys.add(((ScalarNode) tuple.getKeyNode()).getValue()));
		}
		return keys;
	}

	private static Optional<Node> child(Node node, String name) {
		if (!(node instanceof MappingNode mapping)) {
			return Optional.empty();
		}
		return mapping.getValue()
			.stream()
			.filter((tuple) -> tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(name))
			.map(NodeTuple::getValueNode)
			.findFirst();
	}

	/**
	 * The name a file gives what it holds when it names none: its name without the
	 * directory and without {@code .yaml} or {@code .yml}.
	 */
	public static String defaultName(String file) {
		String name = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
		return name.replaceFirst("\\.ya?ml$", "");
	}

}
