package io.flotilla.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

import io.flotilla.plan.check.HttpCheck;

/**
 * Judges an {@link HttpCheck}: one GET, redirects not followed, since the status is what
 * the plan names.
 */
final class HttpJudge {

	private final HttpClient http;

	private final Duration timeout;

	HttpJudge(HttpClient http, Duration timeout) {
		this.http = http;
		this.timeout = timeout;
	}

	Verdict judge(HttpCheck check, ClusterView view) throws InterruptedException {
		String name = check.name();
		String limit = check.status() + check.body().map((body) -> " with '" + body + "'").orElse("");
		Optional<String> whyNotRendered = view.whyNotRendered(check.url());
		if (whyNotRendered.isPresent()) {
			return Verdict.fail(name, "", limit, whyNotRendered.get() + " on " + view.where());
		}
		String url = view.render(check.url());
		URI uri;
		try {
			uri = URI.create(url);
			if (uri.getScheme() == null || !uri.getScheme().matches("https?")) {
				throw new IllegalArgumentException("not an http or https URL");
			}
		}
		catch (IllegalArgumentException ex) {
			return Verdict.fail(name, "", limit, "'" + url + "' is not a URL to ask for " + view.where());
		}
		HttpResponse<String> response;
		try {
			response = this.http.send(HttpRequest.newBuilder(uri).timeout(this.timeout).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (HttpTimeoutException ex) {
			return Verdict.fail(name, "", limit,
					url + " did not answer within " + Words.duration(this.timeout) + " for " + view.where());
		}
		catch (IOException ex) {
			return Verdict.fail(name, "", limit, url + " did not answer for " + view.where() + ": " + Words.reason(ex));
		}
		String status = Integer.toString(response.statusCode());
		if (response.statusCode() != check.status()) {
			return Verdict.fail(name, status, limit,
					url + " answered " + status + ", not " + check.status() + ", for " + view.where());
		}
		if (check.body().isPresent() && !response.body().contains(check.body().get())) {
			return Verdict.fail(name, status, limit, url + " answered " + status + " without '" + check.body().get()
					+ "' in its body for " + view.where());
		}
		return Verdict.pass(name, status, limit, url + " answered " + limit + " for " + view.where());
	}

}
