package io.flotilla.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.cli.Cli.Run;
import io.flotilla.control.ReleaseState;
import io.flotilla.control.Signal;
import io.flotilla.plan.Durations;
import io.flotilla.sandbox.SandboxOptions;
import io.flotilla.support.ServerUnderTest;
import io.flotilla.support.SpringFleet;
import io.flotilla.support.TestFleets;
import io.flotilla.support.TestHttp;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.flotilla.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import static io.flotilla.support.TestActors.operator;

/**
 * The {@code flotilla} command run in-process, as an operator runs it: plans checked and
 * dry-run against the sandbox fleet, releases started and watched through the running
 * test server, with the token of the operator {@value ServerUnderTest#TESTER}.
 */
class CliIntegrationTests extends ServerUnderTest {

	private static final String GOOD_PLAN = TestPlans.plan("good", """
			defaults:
			  readyTimeout: 30s
			stages:
			  - name: canary
			    firstWaveSize: 1
			    waveSize: 2
			    parallelism: 2
			    bake: 1s
			    groups:
			      - name: us-east-1
			        contexts: [us-east-1]
			  - name: rest
			    waveSize: 10
			    groups:
			      - name: eu-west-1
			        contexts: [eu-west-1]
			""");

	private static final String BAD_PLAN = TestPlans.plan("bad", """
			defaults:
			  paralelism: 3
			stages:
			  - name: dev
			    groups:
			      - name: us-east-1
			        contexts: [us-east-1]
			""");

	/**
	 * The same plan on the two regions {@code plan show} does not look at, so test order
	 * does not matter.
	 */
	private static final String RELEASED_PLAN = GOOD_PLAN.replace("good", "shipped")
		.replace("us-east-1", "ap-south-1")
		.replace("eu-west-1", "us-west-2");

	@RegisterExtension
	static final SpringFleet fleets = SpringFleet.of(TestFleets.healthy(30, SandboxOptions.regions(4)).withSeed(9));

	static Path plans;

	@RegisterExtension
	final TokenFile tokenFile = TokenFile.missing();

	@DynamicPropertySource
	static void flotilla(DynamicPropertyRegistry registry) {
		fleets.register(registry);
	}

	@BeforeAll
	static void writePlans() throws IOException {
		plans = Files.createTempDirectory("flotilla-cli-plans");
		Files.writeString(plans.resolve("good.yaml"), GOOD_PLAN);
		Files.writeString(plans.resolve("bad.yaml"), BAD_PLAN);
		Files.writeString(plans.resolve("shipped.yaml"), RELEASED_PLAN);
	}

	@BeforeEach
	void logIn() throws IOException {
		this.tokenFile.write(this.http.token());
	}

	@Test
	void planValidateAcceptsAGoodPlan() {
		// when
		Run run = run("plan", "validate", plan("good.yaml"));

		// then
		assertThat(run.exitCode()).isZero();
		assertThat(run.out())
			.isEqualTo(plan("good.yaml") + ": valid plan good, 2 stages, 2 groups, target version 25.3\n");
		assertThat(run.err()).isEmpty();
	}

	@Test
	void planValidateReportsEveryProblemWithFileLineAndColumn() {
		// when
		Run run = run("plan", "validate", plan("bad.yaml"));

		// then
		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).startsWith("error: invalid plan\n")
			.contains(plan("bad.yaml") + ":13:3: ", "did you mean 'parallelism'");
	}

	@Test
	void planShowListsStagesWavesVersionsAndAlreadyCurrentClustersFromTheLiveFleet() {
		// given
		List<StatefulSet> canary = live("us-east-1");
		List<StatefulSet> rest = live("eu-west-1");
		List<StatefulSet> canaryToUpgrade = canary.stream().filter((cluster) -> !isCurrent(cluster)).toList();
		List<StatefulSet> restToUpgrade = rest.stream().filter((cluster) -> !isCurrent(cluster)).toList();
		int canaryWaves = waveCount(canaryToUpgrade.size(), 1, 2);
		int restWaves = waveCount(restToUpgrade.size(), 0, 10);

		// when
		Run run = run("plan", "show", plan("good.yaml"), "--kubeconfig", fleets.kubeconfig().toString(), "--wave-time",
				"30s");

		// then
		assertThat(run.exitCode()).as(run.err()).isZero();
		assertThat(run.out())
			.contains("plan good: apps/v1 StatefulSet with {app.kubernetes.io/name=clickhouse} -> 25.3")
			.contains("stage canary: %d clusters in 1 groups, %d to upgrade in %d waves, %d already at 25.3"
				.formatted(canary.size(), canaryToUpgrade.size(), canaryWaves, canary.size() - canaryToUpgrade.size()))
			.contains("waves of 2 after a first wave of 1, parallelism 2, ready timeout 30s, failure budget")
			.contains("  wave 1: 1 clusters, versions " + versions(canaryToUpgrade.subList(0, 1)) + "\n")
			.contains("  wave 2: %d clusters, versions %s\n".formatted(Math.min(2, canaryToUpgrade.size() - 1),
					versions(canaryToUpgrade.subList(1, Math.min(3, canaryToUpgrade.size())))))
			.contains("stage rest: %d clusters in 1 groups, %d to upgrade in %d waves, %d already at 25.3"
				.formatted(rest.size(), restToUpgrade.size(), restWaves, rest.size() - restToUpgrade.size()))
			.contains("estimated minimum duration: "
					+ Durations.format(Duration.ofSeconds(30L * (canaryWaves + restWaves) + 1))
					+ " (bakes plus 30s per wave; set --wave-time)");
		List<String> current = Stream.concat(alreadyCurrent("us-east-1", canary), alreadyCurrent("eu-west-1", rest))
			.toList();
		assertThat(current).isNotEmpty();
		assertThat(run.out().lines()).containsAll(current);
	}

	@Test
	void planShowAndClaimsNameTheClustersAnActiveReleaseHolds() {
		// given: a release of the plan stopped at its approval gate holds its clusters
		this.releases.start("good.yaml", GOOD_PLAN + "approval: required\n", "cli-holder", operator("tester"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.releases.status("cli-holder").state())
				.isEqualTo(ReleaseState.AWAITING_APPROVAL));
		int held = live("us-east-1").size() + live("eu-west-1").size();

		// when
		Run show = run("plan", "show", plan("good.yaml"), "--kubeconfig", fleets.kubeconfig().toString(), "--server",
				server());
		Run claims = run("claims", "--release", "cli-holder", "--server", server());

		// then
		assertThat(show.exitCode()).as(show.err()).isZero();
		assertThat(show.out()).containsPattern("  wave 1: 1 clusters, versions \\{[^}]+\\}, 1 held by other releases\n")
			.contains("\nclaims: %d clusters held by release cli-holder (".formatted(held))
			.contains(" more); a release of this plan would be refused (onConflict: refuse)\n");
		assertThat(claims.exitCode()).as(claims.err()).isZero();
		assertThat(claims.out()).startsWith("release cli-holder holds %d clusters since ".formatted(held));
		assertThat(claims.out().lines().filter((line) -> line.startsWith("  StatefulSet "))).hasSize(held);

		// and a release over the same clusters is refused as bad input, naming the holder
		Run refused = run("release", "start", plan("good.yaml"), "--id", "cli-refused", "--server", server());
		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.err())
			.startsWith("error: release cli-refused not started: %d of its %d clusters are held".formatted(held, held))
			.contains(" held by release cli-holder (");

		// and once it is cancelled it holds none
		this.releases.signal("cli-holder", Signal.CANCEL, operator("tester"), "done");
		assertThat(run("claims", "--release", "cli-holder", "--server", server()).out())
			.isEqualTo("no cluster is held by an active release\n");
		assertThat(run("claims", "--release", "nobody", "--server", server()).exitCode()).isEqualTo(2);
	}

	@Test
	void releaseStartThenStatusListAndResumeThroughTheServer() {
		// given
		int canary = live("ap-south-1").size();
		int canaryCurrent = (int) live("ap-south-1").stream().filter(CliIntegrationTests::isCurrent).count();
		int rest = live("us-west-2").size();
		int restCurrent = (int) live("us-west-2").stream().filter(CliIntegrationTests::isCurrent).count();

		// when
		Run started = run("release", "start", plan("shipped.yaml"), "--id", "cli-release", "--server", server());

		// then
		assertThat(started.exitCode()).as(started.err()).isZero();
		assertThat(started.out()).isEqualTo("""
				started release cli-release of plan shipped -> 25.3
				follow it with: flotilla release status cli-release
				""");
		Run watched = run("release", "status", "cli-release", "--watch", "--server", server());
		assertThat(watched.exitCode()).as(watched.err()).isZero();
		assertThat(watched.out().lines()).allSatisfy((line) -> assertThat(line).matches("\\[\\d+s\\] \\S+  canary .*"))
			.last()
			.asString()
			.endsWith("] COMPLETED  canary %d/%d  rest %d/%d".formatted(canary, canary, rest, rest));
		Run status = run("release", "status", "cli-release", "--server", server());
		assertThat(status.exitCode()).isZero();
		assertThat(status.out().lines()).contains(
				"  canary [########################] %4d/%-4d upgraded %d, already current %d, failed 0"
					.formatted(canary, canary, canary - canaryCurrent, canaryCurrent),
				"  rest   [########################] %4d/%-4d upgraded %d, already current %d, failed 0".formatted(rest,
						rest, rest - restCurrent, restCurrent));
		assertThat(status.out())
			.contains("  plan shipped (" + plan("shipped.yaml") + ") -> 25.3, started by " + TESTER + " at ");

		// when
		Run json = run("release", "status", "cli-release", "--json", "--server", server());

		// then
		assertThat(json.exitCode()).isZero();
		JsonNode release = TestHttp.JSON.readTree(json.out());
		assertThat(release.get("id").asString()).isEqualTo("cli-release");
		assertThat(ReleaseState.valueOf(release.get("state").asString())).isEqualTo(ReleaseState.COMPLETED);
		assertThat(release.get("stages").get(0).get("name").asString()).isEqualTo("canary");
		assertThat(release.get("stages").get(0).get("upgraded").asInt()).isEqualTo(canary - canaryCurrent);
		assertThat(release.get("stages").get(1).get("alreadyCurrent").asInt()).isEqualTo(restCurrent);

		// when
		Run list = run("release", "list", "--server", server());

		// then
		assertThat(list.exitCode()).isZero();
		assertThat(list.out().lines()).anySatisfy((line) -> assertThat(line).startsWith("cli-release ")
			.contains(" COMPLETED ", " shipped ", "-> 25.3 ")
			.endsWith(" %d/%d clusters".formatted(canary + rest, canary + rest)));

		// when
		Run resumed = run("release", "resume", "cli-release", "--server", server());

		// then
		assertThat(resumed.exitCode()).isEqualTo(2);
		assertThat(resumed.err()).isEqualTo("error: cannot resume release cli-release: it is completed\n");
		assertThat(run("release", "status", "cli-release", "--server", server()).out())
			.startsWith("release cli-release  COMPLETED\n");
	}

	@Test
	void releaseStartWithoutAnIdDerivesAValidOneFromAPlanNamedByItsFile() throws IOException {
		// given: a plan without a name, in a file whose name is not a valid id
		String unnamed = RELEASED_PLAN.replace("name: shipped\n", "");
		assertThat(unnamed).isNotEqualTo(RELEASED_PLAN);
		Path file = Files.writeString(plans.resolve("My_Plan.yaml"), unnamed);

		// when
		Run started = run("release", "start", file.toString(), "--server", server());

		// then
		assertThat(started.exitCode()).as(started.err()).isZero();
		assertThat(started.out()).matches("started release my-plan-\\d{8}-\\d{6} of plan My_Plan -> 25\\.3\n"
				+ "follow it with: flotilla release status my-plan-\\d{8}-\\d{6}\n");
		String id = started.out().split(" ")[2];
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(run("release", "status", id, "--server", server()).out())
				.startsWith("release " + id + "  COMPLETED\n"));
	}

	@Test
	void statusOfAnUnknownReleaseExitsWithTheServersMessage() {
		// when
		Run run = run("release", "status", "no-such-release", "--server", server());

		// then
		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).isEqualTo("error: no release with id 'no-such-release'\n");
	}

	@Test
	void aServerThatIsNotRunningCannotBeReached() {
		// when
		Run run = run("release", "list", "--server", "http://127.0.0.1:1");

		// then
		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.err()).startsWith("error: cannot reach the Flotilla server at http://127.0.0.1:1/");
		assertThat(run.out()).isEmpty();
	}

	private static Stream<String> alreadyCurrent(String context, List<StatefulSet> clusters) {
		return clusters.stream()
			.filter(CliIntegrationTests::isCurrent)
			.map((cluster) -> "  already current: " + context + "/" + cluster.getMetadata().getNamespace() + "/"
					+ cluster.getMetadata().getName());
	}

	private static int waveCount(int clusters, int firstWave, int waveSize) {
		if (firstWave == 0 || clusters == 0) {
			return (clusters + waveSize - 1) / waveSize;
		}
		return 1 + waveCount(clusters - firstWave, 0, waveSize);
	}

	private String server() {
		return this.http.baseUrl();
	}

	private static String plan(String name) {
		return plans.resolve(name).toString();
	}

	private static List<StatefulSet> live(String context) {
		try (KubernetesClient client = TestFleets.client(fleets.kubeconfig(), context)) {
			return TestFleets.clusters(client, null);
		}
	}

	private static boolean isCurrent(StatefulSet cluster) {
		return TestFleets.version(cluster).equals("25.3");
	}

	private static Map<String, Long> versions(List<StatefulSet> clusters) {
		return clusters.stream()
			.collect(Collectors.groupingBy(TestFleets::version, TreeMap::new, Collectors.counting()));
	}

}
