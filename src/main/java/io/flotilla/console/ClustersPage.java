package io.flotilla.console;

import io.flotilla.control.ClusterState;
import io.flotilla.release.ClusterPage;
import io.flotilla.release.ReleaseService;
import io.flotilla.release.ReleaseViews;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A release's clusters, paged, sorted and filtered in the database as the API's are, and
 * one cluster with its live resource, read from Kubernetes when the page is opened.
 */
@Controller
class ClustersPage {

	private final ReleaseService releases;

	private final ReleaseViews views;

	ClustersPage(ReleaseService releases, ReleaseViews views) {
		this.releases = releases;
		this.views = views;
	}

	@GetMapping("/console/releases/{id}/clusters")
	String clusters(@PathVariable String id, @RequestParam(required = false) String state,
			@RequestParam(required = false) String stage, @RequestParam(required = false) String group,
			@RequestParam(required = false) String q, @RequestParam(required = false) String page,
			@RequestParam(required = false) String size, @RequestParam(required = false) String sort, Model model) {
		ClusterPage.Query query = ClusterPage.Query.parse(state, stage, group, q, sort, page, size);
		model.addAttribute("release", this.releases.status(id));
		model.addAttribute("query", query);
		model.addAttribute("sort", (sort != null) ? sort : "");
		model.addAttribute("clusters", this.releases.clusters(id, query));
		model.addAttribute("clusterStates", ClusterState.values());
		model.addAttribute("sorts", ClusterPage.Sort.values());
		return "console/clusters";
	}

	@GetMapping("/console/releases/{id}/clusters/{context}/{namespace}/{name}")
	String cluster(@PathVariable String id, @PathVariable String context, @PathVariable String namespace,
			@PathVariable String name, Model model) {
		model.addAttribute("release", this.releases.status(id));
		model.addAttribute("detail", this.views.cluster(id, context, namespace, name));
		return "console/cluster";
	}

}
