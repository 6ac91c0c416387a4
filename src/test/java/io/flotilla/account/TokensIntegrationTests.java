package io.flotilla.account;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flotilla.audit.AuditLogs;
import io.flotilla.support.MigratedDatabase;
import io.flotilla.support.StatementCounter;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a token check costs the database on every request: one read, and an update of
 * {@code last_used_at} only when the stamp is older than a minute.
 */
class TokensIntegrationTests {

	private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

	private final MigratedDatabase database = MigratedDatabase.latest();

	private final StatementCounter counter = new StatementCounter(this.database.dataSource());

	private final JdbcClient counted = JdbcClient.create(this.counter.dataSource());

	private final AccountProperties properties = new AccountProperties(null, null, Path.of("unused"), List.of(), 5, 20,
			Duration.ofMinutes(1), Duration.ofHours(12), Duration.ofDays(90), Duration.ofDays(366),
			new AccountProperties.Oidc("groups", Map.of()));

	@Test
	void aTokenUsedWithinTheMinuteIsReadButNotWritten() {
		// given
		IssuedToken issued = tokens(NOW).create(new Actor("ci", Role.OPERATOR, Set.of()), "ci", null, null);
		this.counter.take();

		// when
		Actor first = tokens(NOW).authenticate(issued.token()).orElseThrow();
		List<String> firstUse = this.counter.take();
		Actor again = tokens(NOW.plusSeconds(30)).authenticate(issued.token()).orElseThrow();
		List<String> withinTheMinute = this.counter.take();
		tokens(NOW.plusSeconds(61)).authenticate(issued.token()).orElseThrow();
		List<String> aMinuteLater = this.counter.take();

		// then
		assertThat(first).isEqualTo(again).isEqualTo(new Actor("ci", Role.OPERATOR, Set.of()));
		assertThat(firstUse).hasSize(2).last().asString().startsWith("UPDATE flotilla_token SET last_used_at");
		assertThat(withinTheMinute).singleElement().asString().startsWith("SELECT");
		assertThat(aMinuteLater).hasSize(2).last().asString().startsWith("UPDATE flotilla_token SET last_used_at");
		assertThat(this.database.jdbc()
			.sql("SELECT last_used_at FROM flotilla_token WHERE id = ?")
			.param(issued.info().id())
			.query(Timestamp.class)
			.single()
			.toInstant()).isEqualTo(NOW.plusSeconds(61));
	}

	private Tokens tokens(Instant now) {
		return new Tokens(new TokenTable(this.counted), AuditLogs.over(this.counted), this.properties,
				Clock.fixed(now, ZoneOffset.UTC));
	}

}
