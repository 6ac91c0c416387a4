package io.flotilla.release.runtime;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.flotilla.control.ReleaseState;
import io.flotilla.fleet.ClusterRef;
import io.flotilla.plan.Plan;
import io.flotilla.plan.yaml.PlanLoader;
import io.flotilla.release.PlannedCluster;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.store.ClaimTable;
import io.flotilla.release.store.ClusterTable;
import io.flotilla.release.store.ReleaseRecord;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.TestTables;
import io.flotilla.support.MigratedDatabase;
import io.flotilla.support.StatementCounter;
import io.flotilla.support.TestPlans;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What claims cost the database, counted in statements on a real one: a release that
 * overlaps nobody pays one statement at its start and none of its own at its end.
 */
class StartClaimsIntegrationTests {

	private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private static final String STAGES = """
			stages:
			  - name: all
			    groups:
			      - name: eu
			        contexts: [eu]
			""";

	private final MigratedDatabase plain = MigratedDatabase.latest();

	private final StatementCounter counter = new StatementCounter(this.plain.dataSource());

	private final MigratedDatabase database = new MigratedDatabase(this.plain.url(), this.counter.dataSource(),
			JdbcClient.create(this.counter.dataSource()), new JdbcTemplate(this.counter.dataSource()));

	private final ReleaseTable releases = TestTables.releases(this.database, CLOCK);

	private final ClusterTable clusters = TestTables.clusters(this.database, CLOCK);

	private final ClaimTable claimTable = TestTables.claims(this.database, CLOCK);

	private final StartClaims claims = new StartClaims(this.claimTable, TestTables.events(this.database, (event) -> {
	}), CLOCK);

	@Test
	void aStartThatOverlapsNobodyCostsOneStatementAndItsEndNoneOfItsOwn() {
		// given
		Plan plan = plan("first", "");
		insert("first", 0, 50);
		this.counter.take();

		// when
		this.claims.take("first", plan, 50);
		List<String> atStart = this.counter.take();
		this.releases.changeState("first", Set.of(ReleaseState.STARTING), ReleaseState.RUNNING, null);
		this.counter.take();
		this.releases.changeState("first", Set.of(ReleaseState.RUNNING), ReleaseState.COMPLETED, null);
		List<String> atEnd = this.counter.take();

		// then
		assertThat(atStart).singleElement().asString().contains("INSERT INTO flotilla_claim");
		assertThat(atEnd).singleElement()
			.asString()
			.contains("UPDATE flotilla_release")
			.contains("DELETE FROM flotilla_claim");
		assertThat(this.claimTable.list("first")).isEmpty();
	}

	@Test
	void onlyAConflictCostsMore() {
		// given
		insert("holder", 0, 10);
		this.claims.take("holder", plan("holder", ""), 10);
		insert("refused", 5, 15);
		insert("skipper", 5, 15);
		this.counter.take();

		// when
		assertThatExceptionOfType(ReleaseException.class)
			.isThrownBy(() -> this.claims.take("refused", plan("refused", ""), 10));
		List<String> refusal = this.counter.take();
		this.claims.take("skipper", plan("skipper", "onConflict: skip\n"), 10);
		List<String> skip = this.counter.take();

		// then: the refusal reads who holds them (its transaction rolls back in the
		// server); the skip also records the skipped rows and an event
		assertThat(refusal).hasSize(2);
		assertThat(skip).filteredOn((sql) -> sql.contains("flotilla_claim")).hasSize(3);
	}

	private void insert(String id, int from, int to) {
		ReleaseRecord release = new ReleaseRecord(id, id, id + ".yaml", "name: " + id + "\n", "25.3",
				ReleaseState.STARTING, null, "tester", NOW, NOW, null, null, null);
		this.releases.insert(release);
		this.clusters.insert(release,
				IntStream.range(from, to)
					.mapToObj((i) -> new PlannedCluster("all", "eu", 1 + i / 10,
							new ClusterRef("eu", "tenant-%02d".formatted(i), "ch", "24.8")))
					.toList());
	}

	private static Plan plan(String name, String settings) {
		return new PlanLoader().load(name + ".yaml", TestPlans.plan(name, settings + STAGES));
	}

}
