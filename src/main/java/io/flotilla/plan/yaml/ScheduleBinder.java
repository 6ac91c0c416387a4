package io.flotilla.plan.yaml;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flotilla.plan.Schedule;
import io.flotilla.plan.Schedule.Misfire;
import io.flotilla.plan.Schedule.Overlap;
import io.flotilla.plan.Schedule.VersionSource;
import org.quartz.CronExpression;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds a composed schedule document to a {@link Schedule}, reporting every problem on
 * the way, as {@link PlanBinder} does for plans.
 */
final class ScheduleBinder {

	private static final List<String> FIELDS = List.of("plan", "cron", "timeZone", "version", "id", "runAs", "misfire",
			"maxLateness", "overlap");

	private static final List<String> SOURCE_FIELDS = List.of("file", "url");

	private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

	private static final List<String> PLACEHOLDERS = List.of("schedule", "date", "time", "version");

	private static final Pattern ID_TEXT = Pattern.compile("[a-z0-9.-]*");

	private static final ZoneId UTC = ZoneId.of("UTC");

	private static final Duration DEFAULT_LATENESS = Duration.ofHours(1);

	private final String defaultName;

	private final Problems problems;

	private final Function<String, Optional<String>> planProblem;

	private final Function<String, Optional<String>> userProblem;

	ScheduleBinder(String defaultName, Problems problems, Function<String, Optional<String>> planProblem,
			Function<String, Optional<String>> userProblem) {
		this.defaultName = defaultName;
		this.problems = problems;
		this.planProblem = planProblem;
		this.userProblem = userProblem;
	}

	Schedule bind(Node document) {
		Optional<PlanMapping> root = PlanNode.root(document, this.problems).mapping(FIELDS);
		if (root.isEmpty()) {
			this.problems.throwIfAny();
		}
		PlanMapping schedule = root.get();
		Optional<String> name = defaultName(schedule.node());
		Optional<String> plan = schedule.required("plan").flatMap((node) -> checked(node, this.planProblem));
		Optional<ZoneId> zone = schedule.optional("timeZone").map(ScheduleBinder::zone).orElse(Optional.of(UTC));
		Optional<String> cron = schedule.required("cron").flatMap(ScheduleBinder::cron);
		Optional<VersionSource> version = schedule.required("version").flatMap(ScheduleBinder::version);
		Optional<String> id = schedule.optional("id")
			.map(ScheduleBinder::idPattern)
			.orElse(Optional.of(Schedule.DEFAULT_ID_PATTERN));
		Optional<String> runAs = schedule.required("runAs").flatMap((node) -> checked(node, this.userProblem));
		Optional<Misfire> misfire = schedule.optional("misfire")
			.map(ScheduleBinder::misfire)
			.orElse(Optional.of(Misfire.SKIP));
		Optional<Duration> lateness = schedule.optional("maxLateness")
			.map((node) -> maxLateness(node, misfire))
			.orElse(Optional.of(DEFAULT_LATENESS));
		Optional<Overlap> overlap = schedule.optional("overlap")
			.map(ScheduleBinder::overlap)
			.orElse(Optional.of(Overlap.SKIP));
		this.problems.throwIfAny();
		return new Schedule(name.get(), plan.get(), cron.get(), zone.get(), version.get(), id.get(), runAs.get(),
				misfire.get(), lateness.get(), overlap.get());
	}

	private Optional<String> defaultName(PlanNode root) {
		if (Schedule.isName(this.defaultName)) {
			return Optional.of(this.defaultName);
		}
		root.error("the file name '" + this.defaultName + "' is not a schedule name: name the file with 1 to 48 "
				+ "lower-case letters, digits and '-', starting and ending with a letter or digit");
		return Optional.empty();
	}

	private static Optional<String> checked(PlanNode node, Function<String, Optional<String>> check) {
		return node.text().filter((text) -> {
			Optional<String> problem = check.apply(text);
			problem.ifPresent(node::error);
			return problem.isEmpty();
		});
	}

	private static Optional<ZoneId> zone(PlanNode node) {
		return node.text().flatMap((text) -> {
			try {
				return Optional.of(ZoneId.of(text));
			}
			catch (DateTimeException ex) {
				node.error("unknown time zone '" + text + "'; use a region such as Europe/Berlin, or UTC");
				return Optional.empty();
			}
		});
	}

	private static Optional<String> cron(PlanNode node) {
		return node.text().filter((text) -> {
			try {
				CronExpression.validateExpression(text);
				return true;
			}
			catch (ParseException ex) {
				node.error("invalid cron expression '" + text + "': " + ex.getMessage() + " (a Quartz cron expression: "
						+ "seconds minutes hours day-of-month month day-of-week [year], such as '0 0 9 ? * MON-THU')");
				return false;
			}
		});
	}

	private static Optional<VersionSource> version(PlanNode node) {
		if (!(node.node() instanceof MappingNode)) {
			return node.text().filter((text) -> isVersion(node, text)).map(VersionSource::fixed);
		}
		return node.mapping(SOURCE_FIELDS).flatMap((source) -> {
			if (source.has("file") == source.has("url")) {
				node.error("must name exactly one source of the newest version: 'file' or 'url'");
				return Optional.empty();
			}
			if (source.has("file")) {
				return source.required("file").flatMap(PlanNode::text).map(VersionSource::file);
			}
			return source.required("url").flatMap(ScheduleBinder::url).map(VersionSource::url);
		});
	}

	private static boolean isVersion(PlanNode node, String text) {
		boolean valid = VERSION.matcher(text).matches();
		if (!valid) {
			node.error("'" + text + "' is not a version: use up to 64 letters, digits, '.', '_', '+' and '-'");
		}
		return valid;
	}

	private static Optional<String> url(PlanNode node) {
		return node.text().filter((text) -> {
			boolean http = text.startsWith("http://") || text.startsWith("https://");
			if (!http) {
				node.error("must be an http:// or https:// URL, not '" + text + "'");
			}
			return http;
		});
	}

	private static Optional<String> idPattern(PlanNode node) {
		return node.text().filter((pattern) -> {
			Matcher placeholder = PLACEHOLDER.matcher(pattern);
			boolean valid = true;
			while (placeholder.find()) {
				if (!PLACEHOLDERS.contains(placeholder.group(1))) {
					node.error(Suggestions.unknown("placeholder", placeholder.group(1), PLACEHOLDERS)
							+ " (use {schedule}, {date}, {time} or {version})");
					valid = false;
				}
			}
			String fixedText = PLACEHOLDER.matcher(pattern).replaceAll("");
			if (valid && !ID_TEXT.matcher(fixedText).matches()) {
				node.error("'" + pattern + "' would not make a release id: besides its placeholders, use lower-case "
						+ "letters, digits, '-' and '.'");
				valid = false;
			}
			return valid;
		});
	}

	private static Optional<Misfire> misfire(PlanNode node) {
		return word(node, Misfire.values(), Misfire::word);
	}

	private static Optional<Overlap> overlap(PlanNode node) {
		return word(node, Overlap.values(), Overlap::word);
	}

	private static <T> Optional<T> word(PlanNode node, T[] values, Function<T, String> word) {
		List<String> words = Arrays.stream(values).map(word).toList();
		return node.text().flatMap((text) -> {
			for (T value : values) {
				if (word.apply(value).equals(text)) {
					return Optional.of(value);
				}
			}
			node.error("must be " + String.join(" or ", words.stream().map((w) -> "'" + w + "'").toList()) + ", not '"
					+ text + "'"
					+ Suggestions.closest(text, words).map((w) -> "; did you mean '" + w + "'?").orElse(""));
			return Optional.empty();
		});
	}

	private static Optional<Duration> maxLateness(PlanNode node, Optional<Misfire> misfire) {
		if (misfire.isPresent() && misfire.get() != Misfire.RUN_ONCE) {
			node.error("applies only with 'misfire: runOnce'; a skipped fire is never late");
			return Optional.empty();
		}
		return node.duration().filter((lateness) -> {
			if (lateness.isZero()) {
				node.error("must be longer than zero");
			}
			return !lateness.isZero();
		});
	}

}
