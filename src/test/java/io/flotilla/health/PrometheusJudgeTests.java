package io.flotilla.health;

import java.util.List;

import io.flotilla.health.PrometheusJudge.Measure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusJudgeTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aVectorsValueIsTheSumOfItsSamplesLeavingOutThoseThatAreNotNumbers() {
		Measure measure = parse("""
				{"resultType":"vector","result":[
				  {"metric":{"pod":"a"},"value":[1717400000.1,"2.5"]},
				  {"metric":{"pod":"b"},"value":[1717400000.1,"NaN"]},
				  {"metric":{"pod":"c"},"value":[1717400000.1,"4"]}]}""");

		assertThat(measure.value()).hasValue(6.5);
	}

	@Test
	void anEmptyVectorOrOneOfOnlyNaNIsNoData() {
		assertThat(parse("{\"resultType\":\"vector\",\"result\":[]}").whyNone()).isEqualTo("no data for the query 'q'");
		assertThat(parse("{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"NaN\"]}]}").value())
			.isEmpty();
	}

	@Test
	void aScalarIsItsValueAndInfinityIsANumber() {
		assertThat(parse("{\"resultType\":\"scalar\",\"result\":[1,\"12\"]}").value()).hasValue(12);
		assertThat(parse("{\"resultType\":\"scalar\",\"result\":[1,\"+Inf\"]}").value())
			.hasValue(Double.POSITIVE_INFINITY);
	}

	@Test
	void aRangeQuerysMatrixIsRefused() {
		assertThat(parse("{\"resultType\":\"matrix\",\"result\":[]}").whyNone())
			.isEqualTo("the query 'q' gives a matrix, not an instant vector or a scalar");
	}

	@Test
	void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
		assertThat(PrometheusJudge.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
		assertThat(PrometheusJudge.median(List.of(4.0, 1.0, 2.0, 10.0))).isEqualTo(3.0);
	}

	private static Measure parse(String data) {
		JsonNode node = JSON.readTree(data);
		return PrometheusJudge.parse(node, "q");
	}

}
