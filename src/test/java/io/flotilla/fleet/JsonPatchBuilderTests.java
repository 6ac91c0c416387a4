package io.flotilla.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flotilla.plan.Change;
import io.flotilla.plan.Change.Operation;
import io.flotilla.plan.FieldPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JsonPatchBuilderTests {

	@Test
	void picksListItemsByKeyAndGuardsTheirIndex() {
		List<Map<String, Object>> patch = new JsonPatchBuilder(statefulSet())
			.apply(set("spec.template.spec.containers[name=clickhouse].image", "clickhouse:24.8"))
			.build();

		assertThat(patch).containsExactly(test("/spec/template/spec/containers/1/name", "clickhouse"),
				op("add", "/spec/template/spec/containers/1/image", "clickhouse:24.8"));
	}

	@Test
	void createsMissingParentObjectsAndEscapesSlashes() {
		List<Map<String, Object>> patch = new JsonPatchBuilder(statefulSet())
			.apply(set("metadata.annotations.\"flotilla.io/release\"", "r1"))
			.apply(set("metadata.annotations.\"flotilla.io/by\"", "me"))
			.build();

		assertThat(patch).containsExactly(op("add", "/metadata/annotations", Map.of("flotilla.io/release", "r1")),
				op("add", "/metadata/annotations/flotilla.io~1by", "me"));
	}

	@Test
	void removesOnlyWhatIsPresent() {
		List<Map<String, Object>> patch = new JsonPatchBuilder(statefulSet()).apply(remove("spec.paused"))
			.apply(remove("spec.template.spec.containers[name=keeper]"))
			.apply(remove("spec.replicas"))
			.build();

		assertThat(patch).containsExactly(op("remove", "/spec/replicas", null));
	}

	@Test
	void laterChangesSeeTheIndexesAnEarlierRemovalLeft() {
		List<Map<String, Object>> patch = new JsonPatchBuilder(statefulSet())
			.apply(remove("spec.template.spec.containers[name=sidecar]"))
			.apply(set("spec.template.spec.containers[name=clickhouse].image", "clickhouse:24.8"))
			.build();

		assertThat(patch).containsExactly(test("/spec/template/spec/containers/0/name", "sidecar"),
				op("remove", "/spec/template/spec/containers/0", null),
				test("/spec/template/spec/containers/0/name", "clickhouse"),
				op("add", "/spec/template/spec/containers/0/image", "clickhouse:24.8"));
	}

	@Test
	void replacesAWholeItemPickedByKey() {
		Map<String, Object> container = Map.of("name", "clickhouse", "image", "clickhouse:24.8");

		List<Map<String, Object>> patch = new JsonPatchBuilder(statefulSet())
			.apply(set("spec.template.spec.containers[name=clickhouse]", container))
			.build();

		assertThat(patch).containsExactly(test("/spec/template/spec/containers/1/name", "clickhouse"),
				op("replace", "/spec/template/spec/containers/1", container));
	}

	@Test
	void refusesToInventAListItemPickedByKey() {
		assertThatExceptionOfType(UnpatchableException.class)
			.isThrownBy(() -> new JsonPatchBuilder(statefulSet())
				.apply(set("spec.template.spec.containers[name=keeper].image", "keeper:24.8")))
			.withMessage("spec.template.spec.containers[name=keeper].image: no list item name=keeper in containers");
		assertThatExceptionOfType(UnpatchableException.class)
			.isThrownBy(() -> new JsonPatchBuilder(statefulSet())
				.apply(set("spec.template.spec.initContainers[name=init].image", "init:1")))
			.withMessage(
					"spec.template.spec.initContainers[name=init].image: no list item name=init in initContainers");
	}

	@Test
	void leavesTheLiveResourceAlone() {
		Map<String, Object> live = statefulSet();

		new JsonPatchBuilder(live).apply(remove("spec.template.spec.containers[name=sidecar]"));

		assertThat(live).isEqualTo(statefulSet());
	}

	private static Change set(String path, Object value) {
		return new Change(Operation.ADD_OR_UPDATE, FieldPath.parse(path), value);
	}

	private static Change remove(String path) {
		return new Change(Operation.REMOVE, FieldPath.parse(path), null);
	}

	private static Map<String, Object> test(String path, Object value) {
		return op("test", path, value);
	}

	private static Map<String, Object> op(String op, String path, Object value) {
		Map<String, Object> operation = new LinkedHashMap<>();
		operation.put("op", op);
		operation.put("path", path);
		if (!op.equals("remove")) {
			operation.put("value", value);
		}
		return operation;
	}

	private static Map<String, Object> statefulSet() {
		List<Object> containers = new ArrayList<>(
				List.of(new LinkedHashMap<>(Map.of("name", "sidecar", "image", "busybox:1.36")),
						new LinkedHashMap<>(Map.of("name", "clickhouse", "image", "clickhouse:24.3"))));
		Map<String, Object> podSpec = new LinkedHashMap<>(Map.of("containers", containers));
		Map<String, Object> template = new LinkedHashMap<>(Map.of("spec", podSpec));
		Map<String, Object> spec = new LinkedHashMap<>(Map.of("replicas", 3, "template", template));
		Map<String, Object> metadata = new LinkedHashMap<>(Map.of("name", "ch-0", "namespace", "tenant-a"));
		return new LinkedHashMap<>(Map.of("metadata", metadata, "spec", spec));
	}

}
