package io.flotilla.plan;

import java.util.List;
import java.util.Map;

import io.flotilla.plan.FieldPath.Segment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FieldPathTests {

	private static final Map<String, Object> STATEFUL_SET = Map.of("metadata",
			Map.of("labels", Map.of("app.kubernetes.io/version", "24.8")), "spec",
			Map.of("template",
					Map.of("spec", Map.of("containers",
							List.of(Map.of("name", "sidecar", "image", "busybox:1"),
									Map.of("name", "clickhouse", "image", "clickhouse/clickhouse-server:24.8"))))),
			"status", Map.of("readyReplicas", 3));

	@Test
	void parsesFieldsAndListItemSelectors() {
		FieldPath path = FieldPath.parse("spec.template.spec.containers[name=clickhouse].image");

		assertThat(path.segments()).containsExactly(new Segment("spec", null, null),
				new Segment("template", null, null), new Segment("spec", null, null),
				new Segment("containers", "name", "clickhouse"), new Segment("image", null, null));
		assertThat(path).hasToString("spec.template.spec.containers[name=clickhouse].image")
			.isEqualTo(FieldPath.parse("spec.template.spec.containers[name=clickhouse].image"));
	}

	@Test
	void parsesQuotedFieldNamesWithDots() {
		FieldPath path = FieldPath.parse("metadata.labels.\"app.kubernetes.io/version\"");

		assertThat(path.segments()).extracting(Segment::field)
			.containsExactly("metadata", "labels", "app.kubernetes.io/version");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "spec..image|expected a field name at character 6 of 'spec..image' but found '.'",
					"spec.|expected a field name at character 6 of 'spec.' but found end of path",
					"containers[name]|expected '=' at character 16 of 'containers[name]' but found ']'",
					"containers[name=]|expected a list item value at character 17 of 'containers[name=]' but found ']'",
					"containers[name=x|expected ']' at character 18 of 'containers[name=x' but found end of path",
					"labels.\"\"|empty quoted field name at character 10 of 'labels.\"\"' but found end of path",
					"spec image|expected '.' at character 5 of 'spec image' but found ' '" })
	void rejectsMalformedPathsNamingThePosition(String text, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> FieldPath.parse(text)).withMessage(message);
	}

	@Test
	void rejectsEmptyPath() {
		assertThatIllegalArgumentException().isThrownBy(() -> FieldPath.parse(" ")).withMessage("path is empty");
	}

	@Test
	void readsThroughNestedMapsAndSelectsListItemsByKey() {
		assertThat(FieldPath.parse("spec.template.spec.containers[name=clickhouse].image").read(STATEFUL_SET))
			.contains("clickhouse/clickhouse-server:24.8");
		assertThat(FieldPath.parse("metadata.labels.\"app.kubernetes.io/version\"").read(STATEFUL_SET))
			.contains("24.8");
		assertThat(FieldPath.parse("status.readyReplicas").read(STATEFUL_SET)).contains(3);
	}

	@Test
	void readsNothingWhereThePathLeadsNowhere() {
		assertThat(FieldPath.parse("spec.template.spec.containers[name=keeper].image").read(STATEFUL_SET)).isEmpty();
		assertThat(FieldPath.parse("spec.template.spec.containers.image").read(STATEFUL_SET)).isEmpty();
		assertThat(FieldPath.parse("status.readyReplicas.value").read(STATEFUL_SET)).isEmpty();
		assertThat(FieldPath.parse("metadata[name=x]").read(STATEFUL_SET)).isEmpty();
	}

}
