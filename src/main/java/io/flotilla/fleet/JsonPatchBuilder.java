package io.flotilla.fleet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flotilla.plan.Change;
import io.flotilla.plan.FieldPath;
import io.flotilla.plan.FieldPath.Segment;

/**
 * Turns a plan's changes into an RFC 6902 JSON Patch against one live resource. List
 * items are addressed by the index they have in the live resource, and each such index is
 * guarded by a {@code test} of the item's key, so the API server rejects the patch if the
 * list changed order since it was read. Changes are applied to a private copy as they are
 * translated, so a later change sees the indexes an earlier removal left behind.
 */
final class JsonPatchBuilder {

	private final Map<String, Object> resource;

	private final List<Map<String, Object>> operations = new ArrayList<>();

	private final Set<String> guarded = new HashSet<>();

	JsonPatchBuilder(Map<String, Object> liveResource) {
		this.resource = copyOf(liveResource);
	}

	JsonPatchBuilder apply(Change change) {
		switch (change.operation()) {
			case ADD_OR_UPDATE -> addOrUpdate(change.path(), change.value());
			case REMOVE -> remove(change.path());
		}
		return this;
	}

	JsonPatchBuilder applyAll(List<Change> changes) {
		changes.forEach(this::apply);
		return this;
	}

	List<Map<String, Object>> build() {
		return List.copyOf(this.operations);
	}

	static String pointerToken(String field) {
		return field.replace("~", "~0").replace("/", "~1");
	}

	private void addOrUpdate(FieldPath path, Object value) {
		List<Segment> segments = path.segments();
		Object node = this.resource;
		String pointer = "";
		for (int i = 0; i < segments.size(); i++) {
			Segment segment = segments.get(i);
			boolean last = i == segments.size() - 1;
			Map<String, Object> object = asObject(node, path, segment);
			String fieldPointer = pointer + "/" + pointerToken(segment.field());
			Object child = object.get(segment.field());
			if (!segment.selectsItem()) {
				if (last || child == null) {
					Object nested = nest(path, segments.subList(i + 1, segments.size()), value);
					operation("add", fieldPointer, nested);
					object.put(segment.field(), copyOf(nested));
					return;
				}
				node = child;
				pointer = fieldPointer;
				continue;
			}
			List<Object> items = itemsOf(child);
			int index = indexOf(items, segment);
			if (index < 0) {
				throw new UnpatchableException(path + ": no list item " + segment.itemKey() + "=" + segment.itemValue()
						+ " in " + segment.field());
			}
			String itemPointer = fieldPointer + "/" + index;
			guard(itemPointer, segment, items.get(index));
			if (last) {
				// "add" at an index would insert before the item instead of replacing it
				operation("replace", itemPointer, value);
				items.set(index, copyOf(value));
				return;
			}
			node = items.get(index);
			pointer = itemPointer;
		}
	}

	private void remove(FieldPath path) {
		List<Segment> segments = path.segments();
		Object node = this.resource;
		String pointer = "";
		for (int i = 0; i < segments.size(); i++) {
			Segment segment = segments.get(i);
			boolean last = i == segments.size() - 1;
			if (!(node instanceof Map<?, ?>)) {
				return;
			}
			Map<String, Object> object = asObject(node, path, segment);
			String fieldPointer = pointer + "/" + pointerToken(segment.field());
			if (!object.containsKey(segment.field())) {
				return;
			}
			Object child = object.get(segment.field());
			if (!segment.selectsItem()) {
				if (last) {
					operation("remove", fieldPointer, null);
					object.remove(segment.field());
					return;
				}
				node = child;
				pointer = fieldPointer;
				continue;
			}
			if (!(child instanceof List<?>)) {
				return;
			}
			List<Object> items = itemsOf(child);
			int index = indexOf(items, segment);
			if (index < 0) {
				return;
			}
			String itemPointer = fieldPointer + "/" + index;
			guard(itemPointer, segment, items.get(index));
			if (last) {
				operation("remove", itemPointer, null);
				items.remove(index);
				return;
			}
			node = items.get(index);
			pointer = itemPointer;
		}
	}

	private void guard(String itemPointer, Segment segment, Object item) {
		String keyPointer = itemPointer + "/" + pointerToken(segment.itemKey());
		Object key = ((Map<?, ?>) item).get(segment.itemKey());
		// after a removal the same pointer may name another item: test each one
		if (this.guarded.add(keyPointer + "=" + key)) {
			operation("test", keyPointer, key);
		}
	}

	private void operation(String op, String pointer, Object value) {
		Map<String, Object> operation = new LinkedHashMap<>();
		operation.put("op", op);
		operation.put("path", pointer);
		if (!"remove".equals(op)) {
			operation.put("value", value);
		}
		this.operations.add(operation);
	}

	/**
	 * The value to add where the path's remaining segments are missing: objects can be
	 * created, but a list item picked by key cannot, since its other fields are unknown.
	 */
	private static Object nest(FieldPath path, List<Segment> remaining, Object value) {
		Object nested = value;
		for (int i = remaining.size() - 1; i >= 0; i--) {
			Segment segment = remaining.get(i);
			if (segment.selectsItem()) {
				throw new UnpatchableException(path + ": no list item " + segment.itemKey() + "=" + segment.itemValue()
						+ " in " + segment.field());
			}
			Map<String, Object> object = new LinkedHashMap<>();
			object.put(segment.field(), nested);
			nested = object;
		}
		return nested;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asObject(Object node, FieldPath path, Segment segment) {
		if (!(node instanceof Map<?, ?>)) {
			throw new UnpatchableException(
					path + ": cannot reach " + segment.field() + " inside a value that is not an object");
		}
		return (Map<String, Object>) node;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> itemsOf(Object child) {
		return (child instanceof List<?>) ? (List<Object>) child : List.of();
	}

	private static int indexOf(List<Object> items, Segment segment) {
		for (int i = 0; i < items.size(); i++) {
			if (items.get(i) instanceof Map<?, ?> item && item.containsKey(segment.itemKey())
					&& segment.itemValue().equals(String.valueOf(item.get(segment.itemKey())))) {
				return i;
			}
		}
		return -1;
	}

	@SuppressWarnings("unchecked")
	private static <T> T copyOf(T value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((key, item) -> copy.put(String.valueOf(key), copyOf(item)));
			return (T) copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>();
			list.forEach((item) -> copy.add(copyOf(item)));
			return (T) copy;
		}
		return value;
	}

}
