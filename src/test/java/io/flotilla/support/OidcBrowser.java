package io.flotilla.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a screen for single sign-on: it keeps cookies, follows redirects from
 * one server to the other the way a browser does, and fills in the {@link OidcProvider}'s
 * login form. A test signs in by asking the application for a page that needs a user:
 *
 * <pre class="code">
 * OidcBrowser browser = new OidcBrowser();
 * OidcBrowser.Page me = browser.signIn(app + "/me", "alice", "pw");
 * </pre>
 *
 * and the session cookies it came back with are sent with every later {@link #get}. An
 * application that has a login form of its own besides single sign-on sends the browser
 * there instead, so a test of it starts at {@code /oauth2/authorization/{registrationId}}
 * and ends on the application's default target ({@code /}). It reads the form Spring
 * Security generates (its action, the {@code _csrf} hidden input) with a regular
 * expression, not an HTML parser, so it fills in that form and no other. It needs no
 * consent page, as the provider asks for none.
 */
public final class OidcBrowser {

	private static final int MAX_REDIRECTS = 20;

	private static final Pattern FORM = Pattern.compile("<form\\b[^>]*\\baction=\"([^\"]*)\"",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);

	private static final Pattern ATTRIBUTE = Pattern.compile("\\b(name|type|value)=\"([^\"]*)\"",
			Pattern.CASE_INSENSITIVE);

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(this.cookies)
		// Redirects are followed here, to resolve each Location and to turn the POST
		// of a form into the GET a browser sends after a 302.
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/**
	 * GETs the URL and follows its redirects; the page at the end of them.
	 */
	public Page get(String url) {
		return follow(send(request(URI.create(url)).GET()));
	}

	/**
	 * GETs a page of the application, which sends the browser to the provider's login
	 * form, fills that in with the username and password, and follows the redirects from
	 * there: back to the application's page when the password is right, to the login form
	 * with its error when it is not.
	 * @throws IllegalStateException if the page the application sends the browser to is
	 * not a login form (a session still signed in at the provider, say), or is the
	 * application's own (one with a form login besides single sign-on)
	 */
	public Page signIn(String url, String username, String password) {
		Page login = get(url);
		if (!login.isLoginForm()) {
			throw new IllegalStateException(
					"Expected a login form at the end of the redirects, got " + login.status() + " at " + login.uri());
		}
		// An application with a login form of its own sends the browser there, not to
		// the provider; the password would then go to the wrong server.
		if (login.uri().resolve("/").equals(URI.create(url).resolve("/"))) {
			throw new IllegalStateException("The login form at " + login.uri()
					+ " is the application's own; start at its /oauth2/authorization/{registrationId}");
		}
		Map<String, String> fields = login.hiddenInputs();
		fields.put("username", username);
		fields.put("password", password);
		String body = fields.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder post = request(login.uri().resolve(login.formAction()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		return follow(send(post));
	}

	/**
	 * The names of the cookies the browser would send to this URL. Cookies are kept by
	 * host, not by port, as in any browser.
	 */
	public List<String> cookieNames(String url) {
		return this.cookies.getCookieStore().get(URI.create(url)).stream().map(HttpCookie::getName).toList();
	}

	/**
	 * The value of the cookie of that name the browser would send to this URL, such as
	 * the application's session cookie, for a test to send with requests of its own (an
	 * API call with {@code Accept: application/json}, which this browser never sends).
	 */
	public Optional<String> cookie(String url, String name) {
		return this.cookies.getCookieStore()
			.get(URI.create(url))
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst();
	}

	private Page follow(HttpResponse<String> response) {
		for (int redirects = 0; isRedirect(response.statusCode()); redirects++) {
			URI next = response.uri().resolve(location(response));
			if (redirects == MAX_REDIRECTS) {
				throw new IllegalStateException("More than " + MAX_REDIRECTS + " redirects, the last to " + next);
			}
			// Every redirect in a sign-in is a 302 or 303, after which a browser GETs.
			response = send(request(next).GET());
		}
		return new Page(response.statusCode(), response.uri(), response.body());
	}

	private static String location(HttpResponse<String> redirect) {
		return redirect.headers()
			.firstValue("Location")
			.orElseThrow(() -> new IllegalStateException(
					"Redirect " + redirect.statusCode() + " from " + redirect.uri() + " without a Location"));
	}

	private static boolean isRedirect(int status) {
		return status >= 300 && status < 400;
	}

	private static HttpRequest.Builder request(URI uri) {
		return HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			// Spring Security sends only what looks like a browser to a login page;
			// anything else gets a 401.
			.header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	/**
	 * Where the redirects ended: the status, the address and the body of the last answer.
	 */
	public record Page(int status, URI uri, String body) {

		/**
		 * Whether the page is a form with a password field.
		 */
		public boolean isLoginForm() {
			return FORM.matcher(this.body).find()
					&& inputs().stream().anyMatch((input) -> "password".equals(input.get("name")));
		}

		String formAction() {
			Matcher form = FORM.matcher(this.body);
			if (!form.find()) {
				throw new IllegalStateException("No form at " + this.uri);
			}
			return unescape(form.group(1));
		}

		/**
		 * The hidden inputs of the page by name, the CSRF token ({@code _csrf}) among
		 * them; a map that can be added to.
		 */
		public Map<String, String> hiddenInputs() {
			Map<String, String> hidden = new LinkedHashMap<>();
			inputs().stream()
				.filter((input) -> "hidden".equalsIgnoreCase(input.get("type")) && input.containsKey("name"))
				.forEach((input) -> hidden.put(input.get("name"), input.getOrDefault("value", "")));
			return hidden;
		}

		private List<Map<String, String>> inputs() {
			return INPUT.matcher(this.body).results().map((input) -> {
				Map<String, String> attributes = new LinkedHashMap<>();
				ATTRIBUTE.matcher(input.group())
					.results()
					.forEach((attribute) -> attributes.put(attribute.group(1).toLowerCase(),
							unescape(attribute.group(2))));
				return attributes;
			}).toList();
		}

		private static String unescape(String html) {
			return html.replace("&quot;", "\"")
				.replace("&#39;", "'")
				.replace("&lt;", "<")
				.replace("&gt;", ">")
				.replace("&amp;", "&");
		}

	}

}
