package io.flotilla.plan.check;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The variables of a check's query or URL, and PromQL's braces left alone.
 */
class TemplateTests {

	@Test
	void findsTheVariablesButNotPromQlsLabelMatchers() {
		String query = "rate(errors_total{namespace=\"{namespace}\",name=~\"{name}\"}[1m]) > {label.tier}";

		assertThat(Template.variablesIn(query)).containsExactly(new Template.Variable("namespace", 29),
				new Template.Variable("name", 49), new Template.Variable("label.tier", 65));
	}

	@Test
	void rendersTheVariablesWithTheClustersValues() {
		Template url = new Template("http://{name}.{namespace}.svc/{stage}/{label.tier}/{label.missing}");

		assertThat(url.render(Map.of("name", "chi-0", "namespace", "tenant-a", "stage", "prod", "label.tier", "gold")))
			.isEqualTo("http://chi-0.tenant-a.svc/prod/gold/");
	}

	@Test
	void refusesAnUnknownVariable() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Template("http://{cluster}/"))
			.withMessage("unknown template variable {cluster}");
		assertThat(Template.isKnown("label.")).isFalse();
		assertThat(Template.isKnown("label.app.kubernetes.io/name")).isTrue();
	}

}
