package io.flotilla.console.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.flotilla.account.Account;
import io.flotilla.account.Actor;
import io.flotilla.account.Role;
import io.flotilla.account.Users;
import io.flotilla.audit.AuditEntry;
import io.flotilla.audit.AuditLog;
import io.flotilla.audit.Subject;
import io.flotilla.control.ReleaseState;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.timer.ReleaseTimers;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestActors;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp;
import io.flotilla.support.TestHttp.Response;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The batch, timer and admin pages over real HTTP, checked against what the
 * JobRepository, Quartz, the release service, the users and the audit log hold.
 */
class AdminPagesIntegrationTests extends ServerUnderTest {

	private static final AtomicInteger releasesStarted = new AtomicInteger();

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(8, SandboxOptions.regions(2)));

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	/**
	 * A release baking after its first stage; a test that ends it makes the next one
	 * start another.
	 */
	private static String baking;

	@Autowired
	private JobRepository jobRepository;

	@Autowired
	private ReleaseTimers timers;

	@Autowired
	private Users users;

	@Autowired
	private AuditLog audit;

	private final Actor boss = TestActors.admin("boss");

	private TestHttp admin;

	private TestHttp viewer;

	@BeforeEach
	void bakingRelease() {
		this.admin = as(this.boss);
		this.viewer = as(TestActors.viewer("watcher"));
		if (baking == null || this.releases.status(baking).state() != ReleaseState.BAKING) {
			String id = "baking-" + releasesStarted.incrementAndGet();
			baking = this.releases.start("baking.yaml", plan(id), id, this.boss).id();
		}
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.releases.status(baking).state()).isEqualTo(ReleaseState.BAKING));
	}

	@Test
	void theBatchListShowsEachReleaseWithItsLatestExecution() {
		// given
		JobExecution last = executions(baking).get(0);

		// when
		Response page = this.viewer.getHtml("/console/batch");
		Response beyond = this.viewer.getHtml("/console/batch?page=1");

		// then
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains(">" + baking + "</a>")
			.contains("href=\"/console/batch/executions/" + last.getId() + "\"")
			.contains(">STOPPED</span>")
			.doesNotContain("Older →")
			.doesNotContain("← Newer");
		assertThat(beyond.body()).contains("No more releases.").contains("href=\"/console/batch?page=0\">← Newer</a>");
	}

	@Test
	void anExecutionShowsItsStepsWithTheCountsTheJobRepositoryHolds() {
		// given
		JobExecution execution = executions(baking).get(0);

		// when
		Response page = this.viewer.getHtml("/console/batch/executions/" + execution.getId());

		// then
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<code>release.id</code></dt><dd><code>" + baking + "</code>")
			.contains(">STOPPED</span>");
		assertThat(execution.getStepExecutions()).extracting(StepExecution::getStepName)
			.contains("rollout:pilot", "bake:pilot");
		for (StepExecution step : execution.getStepExecutions()) {
			String row = row(page.body(), "step-" + step.getId());
			assertThat(row).as(step.getStepName())
				.contains("<code>" + step.getStepName() + "</code>")
				.contains("class=\"number read\">" + step.getReadCount() + "<")
				.contains("class=\"number written\">" + step.getWriteCount() + "<");
		}
		assertThat(execution.getStepExecutions()).filteredOn((step) -> step.getStepName().startsWith("waves:pilot"))
			.singleElement()
			.satisfies((waves) -> assertThat(waves.getWriteCount()).isPositive());
	}

	@Test
	void viewersSeeNoButtonsAndAdminsSeeStopRestartAndAbandon() {
		// given
		String path = "/console/batch/executions/" + executions(baking).get(0).getId();

		// when
		Response seenByViewer = this.viewer.getHtml(path);
		Response seenByOperator = this.http.getHtml(path);
		Response seenByAdmin = this.admin.getHtml(path);

		// then
		assertThat(seenByViewer.body()).doesNotContain("/console/admin/batch")
			.doesNotContain("<button type=\"submit\" id=");
		assertThat(seenByOperator.body()).doesNotContain("/console/admin/batch");
		assertThat(seenByAdmin.body()).contains(path.replace("/console/", "/console/admin/") + "/stop\"")
			.contains(path.replace("/console/", "/console/admin/") + "/restart\"")
			.contains(path.replace("/console/", "/console/admin/") + "/abandon\"")
			.contains("data-confirm=\"Abandon cancels the release for good");
	}

	@Test
	void anUnknownExecutionOrActionIsNotFound() {
		// given
		String execution = "/console/admin/batch/executions/" + executions(baking).get(0).getId();

		// when
		Response unknownExecution = this.viewer.getHtml("/console/batch/executions/987654");
		Response unknownAction = this.admin.postForm(execution + "/resume", Map.of());

		// then
		assertThat(unknownExecution.status()).isEqualTo(404);
		assertThat(unknownExecution.body()).contains("no job execution 987654 of a release");
		assertThat(unknownAction.status()).isEqualTo(404);
		assertThat(unknownAction.body()).contains("unknown action &#39;resume&#39;: use stop, restart or abandon");
		assertThat(this.releases.status(baking).state()).isEqualTo(ReleaseState.BAKING);
	}

	@Test
	void onlyAdminsReachTheAdminPagesAndButtons() {
		// given
		String stop = "/console/admin/batch/executions/" + executions(baking).get(0).getId() + "/stop";

		// when / then
		for (String path : List.of("/console/admin/users", "/console/admin/tokens", "/console/admin/audit")) {
			assertThat(this.viewer.getHtml(path).status()).as(path).isEqualTo(403);
			assertThat(this.http.getHtml(path).status()).as(path).isEqualTo(403);
			assertThat(this.admin.getHtml(path).status()).as(path).isEqualTo(200);
		}
		assertThat(this.http.postForm(stop, Map.of("reason", "not mine")).status()).isEqualTo(403);
		assertThat(this.releases.status(baking).state()).isEqualTo(ReleaseState.BAKING);
	}

	@Test
	void stopRestartAndAbandonSendTheReleasesOwnSignals() {
		// given
		String release = baking;
		String execution = "/console/admin/batch/executions/" + executions(release).get(0).getId();

		// when
		Response stopped = this.admin.postForm(execution + "/stop", Map.of("reason", "look at the dashboards"));

		// then
		assertThat(stopped.status()).isEqualTo(302);
		assertThat(stopped.header("Location").orElseThrow()).endsWith(execution.replace("/admin", ""));
		assertThat(this.releases.status(release).state()).isEqualTo(ReleaseState.PAUSED);
		assertThat(this.timers.nextResume(release)).isEmpty();
		assertThat(this.audit.entries(Subject.release(release))).anySatisfy((entry) -> {
			assertThat(entry.kind()).isEqualTo("signal.applied");
			assertThat(entry.actor()).isEqualTo("boss");
			assertThat(entry.reason()).isEqualTo("look at the dashboards");
			assertThat(entry.stateAfter()).isEqualTo("PAUSED");
		});

		// when
		this.admin.postForm(execution + "/restart", Map.of("reason", ""));

		// then
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.releases.status(release).state()).isEqualTo(ReleaseState.BAKING));
		assertThat(executions(release)).hasSizeGreaterThan(1);

		// when
		this.admin.postForm(execution + "/abandon", Map.of("reason", "wrong version"));

		// then
		assertThat(this.releases.status(release).state()).isEqualTo(ReleaseState.CANCELLED);
	}

	@Test
	void aRefusedSignalIsShownInTheServicesWordsAfterTheRedirect() {
		// given
		String execution = "/console/admin/batch/executions/" + executions(baking).get(0).getId();

		// when
		Response refused = this.admin.postForm(execution + "/restart", Map.of("reason", "too early"));
		Response shown = followWithSession(refused);

		// then
		assertThat(this.releases.status(baking).state()).isEqualTo(ReleaseState.BAKING);
		assertThat(shown.status()).isEqualTo(200);
		assertThat(shown.body()).contains("<p class=\"refusal\" role=\"alert\">cannot resume release " + baking
				+ ": it is baking (allowed now: pause, cancel)</p>");
	}

	@Test
	void theTimersPageShowsEachReleasesTimerWithItsNextFire() {
		// given
		String nextFire = this.timers.nextResume(baking).orElseThrow().toString();

		// when
		Response page = this.viewer.getHtml("/console/timers");

		// then
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<code>release-resume</code>")
			.contains(">" + baking + "</a>")
			.contains("data-until=\"" + nextFire + "\"")
			.contains(">NORMAL</span>")
			.contains("never paused here");
	}

	@Test
	void anAdminCreatesAndDisablesUsersThroughTheForms() {
		// when
		Response created = this.admin.postForm("/console/admin/users", Map.of("name", "dana", "role", "operator",
				"groups", "dba, oncall", "password", "correct horse battery"));

		// then
		assertThat(created.status()).isEqualTo(302);
		assertThat(account("dana").role()).isEqualTo(Role.OPERATOR);
		assertThat(account("dana").groups()).containsExactlyInAnyOrder("dba", "oncall");
		assertThat(this.admin.getHtml("/console/admin/users").body()).contains("<td>dana</td>")
			.contains("<td>dba, oncall</td>")
			.contains("/console/admin/users/dana/disable");

		// when
		Response twice = followWithSession(this.admin.postForm("/console/admin/users",
				Map.of("name", "dana", "role", "viewer", "password", "correct horse battery")));
		this.admin.postForm("/console/admin/users/dana/disable", Map.of());

		// then
		assertThat(twice.body()).contains("user &#39;dana&#39; exists already");
		assertThat(account("dana").disabled()).isTrue();
		assertThat(this.admin.getHtml("/console/admin/users").body())
			.doesNotContain("/console/admin/users/dana/disable");
	}

	@Test
	void aNewTokenIsShownOnceAndARevokedOneNoLongerAuthenticates() {
		// when
		Response made = this.admin.postForm("/console/admin/tokens",
				Map.of("name", "ci", "role", "viewer", "days", "7"));
		Response shown = followWithSession(made);
		Response shownAgain = this.admin.getHtml("/console/admin/tokens");

		// then
		String token = between(shown.body(), "<pre id=\"issued-token\">", "</pre>");
		assertThat(token).startsWith("flt_");
		assertThat(shownAgain.body()).doesNotContain(token);
		TestHttp ci = this.anonymous.withToken(token);
		assertThat(ci.get("/api/releases").status()).isEqualTo(200);

		// when
		long id = this.tokens.list(this.boss)
			.stream()
			.filter((info) -> info.name().equals("ci"))
			.findFirst()
			.orElseThrow()
			.id();
		Response revoked = this.admin.postForm("/console/admin/tokens/" + id + "/revoke", Map.of());

		// then
		assertThat(revoked.status()).isEqualTo(302);
		assertThat(ci.get("/api/releases").status()).isEqualTo(401);
		assertThat(row(this.admin.getHtml("/console/admin/tokens").body(), "token-" + id)).contains(">revoked</span>")
			.doesNotContain("/revoke");
	}

	@Test
	void theAuditLogIsFilteredBySubjectActorAndKindAndPagedNewestFirst() {
		// given
		List<AuditEntry> ofRelease = new ArrayList<>(this.audit.entries(Subject.release(baking)));
		Collections.reverse(ofRelease);

		// when
		Response byTypedSubject = this.admin.getHtml("/console/admin/audit?subject=release:" + baking);
		Response byIdAlone = this.admin.getHtml("/console/admin/audit?subject=" + baking);
		Response byActorAndKind = this.admin.getHtml("/console/admin/audit?actor=boss&kind=token.created");
		Response byOtherType = this.admin.getHtml("/console/admin/audit?subject=user:" + baking);

		// then
		assertThat(messages(byTypedSubject.body())).isEqualTo(messages(byIdAlone.body()))
			.isEqualTo(ofRelease.stream().limit(Page.SIZE).map(AuditEntry::message).toList());
		assertThat(kinds(byActorAndKind.body())).isNotEmpty().containsOnly("token.created");
		assertThat(byActorAndKind.body()).contains("for boss with role admin").doesNotContain("for watcher");
		assertThat(messages(byOtherType.body())).isEmpty();
	}

	@Test
	void theAuditLogPagesRunOnWithoutOverlap() {
		// given
		for (int token = 0; token < 2 * Page.SIZE; token++) {
			this.tokens.create(this.boss, "paging-" + token, Role.VIEWER, null);
		}
		List<String> all = this.audit.newest(AuditLog.Filter.ALL, 0, 3 * Page.SIZE)
			.stream()
			.map(AuditEntry::message)
			.toList();

		// when
		List<String> first = messages(this.admin.getHtml("/console/admin/audit").body());
		List<String> second = messages(this.admin.getHtml("/console/admin/audit?page=1").body());

		// then
		assertThat(all).hasSizeGreaterThan(Page.SIZE + 1);
		assertThat(first).isEqualTo(all.subList(0, Page.SIZE));
		assertThat(second).isEqualTo(all.subList(Page.SIZE, Math.min(all.size(), 2 * Page.SIZE)));
	}

	private Account account(String name) {
		return this.users.list(this.boss)
			.stream()
			.filter((account) -> account.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * The release's executions, newest first.
	 */
	private List<JobExecution> executions(String releaseId) {
		JobInstance instance = this.jobRepository.getJobInstances(ReleaseJobs.JOB, 0, 100)
			.stream()
			.filter((candidate) -> releaseId.equals(this.jobRepository.getLastJobExecution(candidate)
				.getJobParameters()
				.getString(ReleaseJobs.RELEASE_ID)))
			.findFirst()
			.orElseThrow();
		return this.jobRepository.getJobExecutions(instance)
			.stream()
			.sorted(Comparator.comparingLong(JobExecution::getId).reversed())
			.map((execution) -> this.jobRepository.getJobExecution(execution.getId()))
			.toList();
	}

	/**
	 * The page a redirect leads to, in the session the redirecting answer opened: where a
	 * flash attribute lives.
	 */
	private Response followWithSession(Response redirect) {
		assertThat(redirect.status()).isEqualTo(302);
		String cookie = redirect.header("Set-Cookie").orElseThrow().split(";")[0];
		String location = redirect.header("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
		return this.admin
			.send(this.admin.request(location).header("Accept", "text/html").header("Cookie", cookie).GET());
	}

	private static List<String> messages(String page) {
		return column(page, 4);
	}

	private static List<String> kinds(String page) {
		return column(page, 2).stream().map((cell) -> between(cell, "<code>", "</code>")).toList();
	}

	/**
	 * The cells of one column of the audit table's rows, as HTML.
	 */
	private static List<String> column(String page, int index) {
		String body = between(page, "<table id=\"audit\">", "</table>");
		return List.of(between(body, "<tbody>", "</tbody>").split("<tr>"))
			.stream()
			.filter((row) -> row.contains("<td"))
			.filter((row) -> !row.contains("No entry matches"))
			.map((row) -> List.of(row.split("<td")).get(index + 1))
			.map((cell) -> cell.substring(cell.indexOf('>') + 1, cell.lastIndexOf("</td>")))
			.map(AdminPagesIntegrationTests::unescaped)
			.toList();
	}

	private static String unescaped(String html) {
		return html.replace("&#39;", "'")
			.replace("&quot;", "\"")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&amp;", "&");
	}

	private static String row(String page, String id) {
		return between(page, " id=\"" + id + "\">", "</tr>");
	}

	private static String between(String text, String start, String end) {
		int from = text.indexOf(start);
		assertThat(from).as("'%s' in the page", start).isNotNegative();
		int to = text.indexOf(end, from + start.length());
		return text.substring(from + start.length(), to);
	}

	private static String plan(String name) {
		return TestPlans.plan(name, """
				defaults:
				  readyTimeout: 30s
				stages:
				  - name: pilot
				    waveSize: 2
				    parallelism: 2
				    bake: 10m
				    groups:
				      - name: east
				        contexts: [us-east-1]
				  - name: fleet
				    groups:
				      - name: west
				        contexts: [eu-west-1]
				""");
	}

}
