package io.flotilla.plan;

import java.util.List;
import java.util.Map;

/**
 * A named set of clusters inside a stage, for example one region.
 *
 * @param name unique within its stage
 * @param contexts kubeconfig contexts to search
 * @param selector labels added to the plan's selector for this group
 */
public record Group(String name, List<String> contexts, Map<String, String> selector) {

	public Group {
		contexts = List.copyOf(contexts);
		selector = Map.copyOf(selector);
	}

}
