package io.flotilla.release.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.flotilla.release.Claim;
import io.flotilla.support.MigratedDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The V8 migration: releases that were still unfinished when a server brought in claims
 * take their clusters, so an upgrade of Flotilla mid-release does not let a new release
 * fight an old one.
 */
class ClaimMigrationIntegrationTests {

	private static final Timestamp EARLIER = Timestamp.from(Instant.parse("2026-11-30T10:00:00Z"));

	private static final Timestamp LATER = Timestamp.from(Instant.parse("2026-11-30T11:00:00Z"));

	@Test
	void unfinishedReleasesTakeTheirClustersTheOldestFirstWithTheKindTheirPlanNames() {
		// given: a database as a server before V8 left it
		MigratedDatabase old = MigratedDatabase.migratedTo("7");
		insertRelease(old, "chi-old", "PAUSED", EARLIER, """
				target:
				  apiVersion: clickhouse.altinity.com/v1
				  kind: ClickHouseInstallation
				selector: {app.kubernetes.io/kind: db}
				""", "eu-1/ns/a", "eu-1/ns/b");
		insertRelease(old, "chi-newer", "RUNNING", LATER, "target: {apiVersion: x/v1, kind: ClickHouseInstallation}\n",
				"eu-1/ns/b", "eu-1/ns/c");
		insertRelease(old, "sts", "BAKING", LATER, "# kind: Deployment, one day\nselector:\n  kind: clickhouse\n",
				"eu-1/ns/a");
		insertRelease(old, "deployment", "FAILED", LATER, """
				selector:
				  kind: clickhouse
				target:
				  apiVersion: apps/v1
				  kind: Deployment
				stages: []
				""", "eu-1/ns/e");
		insertRelease(old, "done", "COMPLETED", EARLIER, "selector: {app: clickhouse}\n", "eu-1/ns/d");

		// when
		old.migrateToLatest();

		// then
		List<Claim> claims = new ClaimTable(old.jdbc(), null).list(null);
		assertThat(claims).extracting(Claim::cluster, Claim::kind, Claim::holder)
			.containsExactly(tuple("eu-1/ns/a", "ClickHouseInstallation", "release chi-old"),
					tuple("eu-1/ns/a", "StatefulSet", "release sts"),
					tuple("eu-1/ns/b", "ClickHouseInstallation", "release chi-old"),
					tuple("eu-1/ns/c", "ClickHouseInstallation", "release chi-newer"),
					tuple("eu-1/ns/e", "Deployment", "release deployment"));
	}

	private static void insertRelease(MigratedDatabase old, String id, String state, Timestamp at, String planText,
			String... clusters) {
		old.jdbc()
			.sql("""
					INSERT INTO flotilla_release (id, plan_name, plan_file, plan_text, target_version, state, started_by,
					created_at, updated_at) VALUES (?, 'plan', 'plan.yaml', ?, '25.3', ?, 'alice', ?, ?)""")
			.params(id, planText, state, at, at)
			.update();
		for (String cluster : clusters) {
			String[] parts = cluster.split("/");
			old.jdbc()
				.sql("""
						INSERT INTO flotilla_cluster (release_id, stage, group_name, wave, context, namespace, name,
						target_version, state, updated_at) VALUES (?, 'all', 'g', 1, ?, ?, ?, '25.3', 'PENDING', ?)""")
				.params(id, parts[0], parts[1], parts[2], at)
				.update();
		}
	}

}
