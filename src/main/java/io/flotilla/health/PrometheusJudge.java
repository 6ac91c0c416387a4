package io.flotilla.health;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import io.flotilla.fleet.ClusterRef;
import io.flotilla.plan.Target;
import io.flotilla.plan.check.PrometheusCheck;
import io.flotilla.plan.check.PrometheusCheck.Baseline;
import io.flotilla.plan.check.PrometheusCheck.Over;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Judges a {@link PrometheusCheck}: one instant query through Prometheus's HTTP API, its
 * value the sum of the vector's samples (or the scalar), compared with the check's limit
 * or with the median of the same query over the control clusters.
 */
final class PrometheusJudge {

	/** Control clusters asked for a baseline: enough for a median, few queries. */
	static final int MAX_CONTROLS = 5;

	private final Optional<String> server;

	private final HttpClient http;

	private final Duration timeout;

	private final Labels labels;

	private final JsonMapper json = JsonMapper.builder().build();

	PrometheusJudge(Optional<URI> server, HttpClient http, Duration timeout, Labels labels) {
		this.server = server.map((uri) -> uri.toString().replaceAll("/+$", ""));
		this.http = http;
		this.timeout = timeout;
		this.labels = labels;
	}

	Verdict judge(PrometheusCheck check, ClusterView view) throws InterruptedException {
		String name = check.name();
		String limit = (check.comparison() instanceof Over over) ? Words.number(over.limit())
				: Words.number(((Baseline) check.comparison()).ratio()) + " x baseline";
		if (this.server.isEmpty()) {
			return Verdict.fail(name, "", limit, "no Prometheus is configured (flotilla.checks.prometheus-url), so "
					+ name + " cannot be judged on " + view.where());
		}
		Optional<String> whyNotRendered = view.whyNotRendered(check.query());
		if (whyNotRendered.isPresent()) {
			return Verdict.fail(name, "", limit, whyNotRendered.get() + " on " + view.where());
		}
		if (check.comparison() instanceof Baseline && view.subject().beforePatch()) {
			return Verdict.pass(name, "", limit, view.where()
					+ " is not patched yet: there is no canary to compare with the baseline, so " + name + " passes");
		}
		Measure measure = query(view.render(check.query()));
		if (measure.value().isEmpty()) {
			return noData(check, "", limit, measure.whyNone() + " on " + view.where());
		}
		double value = measure.value().getAsDouble();
		if (check.comparison() instanceof Over over) {
			boolean above = value > over.limit();
			return new Verdict(name, !above, Words.number(value), limit, name + " " + Words.number(value)
					+ (above ? " is over the limit " : " is within the limit ") + limit + " on " + view.where());
		}
		return againstBaseline(check, (Baseline) check.comparison(), value, view);
	}

	private Verdict againstBaseline(PrometheusCheck check, Baseline baseline, double value, ClusterView view)
			throws InterruptedException {
		String name = check.name();
		String limit = Words.number(baseline.ratio()) + " x baseline";
		List<ClusterRef> controls = view.subject().controls().stream().limit(MAX_CONTROLS).toList();
		if (controls.isEmpty()) {
			return noData(check, Words.number(value), limit,
					"no control cluster to compare " + name + " " + Words.number(value) + " with on " + view.where());
		}
		List<Double> values = new ArrayList<>();
		String whyNone = "";
		for (ClusterRef control : controls) {
			Measure measure;
			try {
				measure = query(check.query().render(variablesOf(control, check, view.subject())));
			}
			catch (RuntimeException ex) {
				measure = Measure.none("cannot read the labels of " + Words.where(control) + ": " + Words.reason(ex));
			}
			if (measure.value().isPresent()) {
				values.add(measure.value().getAsDouble());
			}
			else {
				whyNone = measure.whyNone();
			}
		}
		if (values.isEmpty()) {
			return noData(check, Words.number(value), limit, "no baseline for " + name + " on " + view.where()
					+ " from " + controls.size() + " control clusters: " + whyNone);
		}
		double median = median(values);
		String limitWords = limit + " " + Words.number(median);
		boolean above = value > baseline.ratio() * median;
		return new Verdict(name, !above, Words.number(value), limitWords,
				name + " " + Words.number(value) + (above ? " is over " : " is within ") + limitWords
						+ " (the median of " + values.size() + " control "
						+ ((values.size() == 1) ? "cluster" : "clusters") + ") on " + view.where());
	}

	/**
	 * A control's variables; its labels are read only when the query names one.
	 */
	private Map<String, String> variablesOf(ClusterRef control, PrometheusCheck check, Subject subject) {
		Map<String, String> labels = ClusterView.namesLabels(check.query()) ? this.labels.of(control, subject.target())
				: Map.of();
		return ClusterView.variables(control, subject.stage(), labels);
	}

	private static Verdict noData(PrometheusCheck check, String value, String limit, String why) {
		return new Verdict(check.name(), check.passOnNoData(), value, limit,
				check.passOnNoData() ? why + "; passes, as onNoData is pass" : why);
	}

	static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private Measure query(String promql) throws InterruptedException {
		String server = this.server.orElseThrow();
		URI uri = URI.create(server + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		HttpResponse<String> response;
		try {
			response = this.http.send(HttpRequest.newBuilder(uri)
				.timeout(this.timeout)
				.header("Accept", "application/json")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return Measure.none("Prometheus unreachable at " + server + ": " + Words.reason(ex));
		}
		JsonNode root;
		try {
			root = this.json.readTree(response.body());
		}
		catch (JacksonException ex) {
			return Measure.none("Prometheus at " + server + " answered " + response.statusCode() + " without JSON");
		}
		if (response.statusCode() != 200 || !"success".equals(root.path("status").stringValue(""))) {
			return Measure.none("Prometheus at " + server + " refused the query '" + promql + "' with "
					+ response.statusCode() + ": " + root.path("error").stringValue("no reason given"));
		}
		return parse(root.path("data"), promql);
	}

	/**
	 * The value of an instant query's result. Samples that are not numbers (a rate over
	 * no change is NaN) are left out, so a result of only those is no data.
	 */
	static Measure parse(JsonNode data, String promql) {
		String type = data.path("resultType").stringValue("");
		JsonNode result = data.path("result");
		switch (type) {
			case "vector" -> {
				double sum = 0;
				boolean any = false;
				for (JsonNode sample : result) {
					OptionalDouble value = sampleValue(sample.path("value"));
					if (value.isPresent()) {
						sum += value.getAsDouble();
						any = true;
					}
				}
				return any ? Measure.of(sum) : Measure.none("no data for the query '" + promql + "'");
			}
			case "scalar" -> {
				OptionalDouble value = sampleValue(result);
				return value.isPresent() ? Measure.of(value.getAsDouble())
						: Measure.none("no number from the query '" + promql + "'");
			}
			default -> {
				return Measure.none("the query '" + promql + "' gives a "
						+ (type.isEmpty() ? "result of no type" : type) + ", not an instant vector or a scalar");
			}
		}
	}

	/**
	 * A sample's value, {@code [time, "text"]}; Prometheus writes infinities as
	 * {@code +Inf} and {@code -Inf}.
	 */
	private static OptionalDouble sampleValue(JsonNode pair) {
		String text = pair.path(1).stringValue("");
		double value = switch (text) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			default -> {
				try {
					yield Double.parseDouble(text);
				}
				catch (NumberFormatException ex) {
					yield Double.NaN;
				}
			}
		};
		return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
	}

	/**
	 * The labels of a cluster's resource, read through the Kubernetes API.
	 */
	@FunctionalInterface
	interface Labels {

		Map<String, String> of(ClusterRef cluster, Target target);

	}

	/**
	 * A query's value, or why there is none.
	 */
	record Measure(OptionalDouble value, String whyNone) {

		static Measure of(double value) {
			return new Measure(OptionalDouble.of(value), "");
		}

		static Measure none(String why) {
			return new Measure(OptionalDouble.empty(), why);
		}

	}

}
