package io.flotilla.release.runtime;

import java.util.List;
import java.util.Optional;

import io.flotilla.fleet.ClusterRef;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetException;
import io.flotilla.plan.Plan;
import io.flotilla.plan.Stage;
import io.flotilla.release.ClusterPage;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseException.Reason;
import io.flotilla.release.ReleaseViews;
import io.flotilla.release.store.ClusterTable;
import io.flotilla.release.store.ReleaseRecord;
import io.flotilla.release.store.ReleaseRows;
import io.flotilla.release.store.ReleaseTable;
import io.flotilla.release.store.StageRecord;
import io.flotilla.release.store.StageTable;
import io.flotilla.release.wave.InFlightClusters;

/**
 * The console's reads: a few statements each, and the plan read again from the release's
 * own snapshot, so a stage's budget and approvers are those the release runs with.
 */
class ReleaseReads implements ReleaseViews {

	private final SimpleReleaseService service;

	private final ReleaseTable releases;

	private final StageTable stages;

	private final ClusterTable clusters;

	private final InFlightClusters inFlight;

	private final Fleet fleet;

	ReleaseReads(SimpleReleaseService service, ReleaseTable releases, StageTable stages, ClusterTable clusters,
			InFlightClusters inFlight, Fleet fleet) {
		this.service = service;
		this.releases = releases;
		this.stages = stages;
		this.clusters = clusters;
		this.inFlight = inFlight;
		this.fleet = fleet;
	}

	@Override
	public ReleaseList releases(ListQuery query) {
		ReleaseRows rows = this.releases.page(query);
		return new ReleaseList(rows.items().stream().map(this.service::summary).toList(), query.page(), query.size(),
				rows.total(), this.releases.countByState());
	}

	@Override
	public ReleaseDetail detail(String id) {
		ReleaseRecord release = this.service.find(id);
		Plan plan = Plans.load(release.planFile(), release.planText());
		List<StageRules> rules = plan.stages().stream().map((stage) -> rules(id, stage)).toList();
		List<GroupProgress> groups = this.clusters.groups(id).stream().map((group) -> withInFlight(id, group)).toList();
		return new ReleaseDetail(this.service.status(id), release.currentStage(), release.waitingFor(), rules, groups,
				this.clusters.waves(id));
	}

	@Override
	public ClusterDetail cluster(String releaseId, String context, String namespace, String name) {
		ReleaseRecord release = this.service.find(releaseId);
		ClusterPage.Row row = this.clusters.find(releaseId, context, namespace, name)
			.orElseThrow(() -> new ReleaseException(Reason.NOT_FOUND,
					"release " + releaseId + " has no cluster " + context + "/" + namespace + "/" + name));
		Plan plan = Plans.load(release.planFile(), release.planText());
		try {
			Optional<Fleet.Live> live = this.fleet.read(new ClusterRef(context, namespace, name, row.fromVersion()),
					plan.target(), plan.version(), plan.readiness());
			return new ClusterDetail(row, live.map(ReleaseReads::resource).orElse(gone()), null);
		}
		catch (FleetException | IllegalArgumentException ex) {
			return new ClusterDetail(row, null, ex.getMessage());
		}
	}

	private StageRules rules(String releaseId, Stage stage) {
		StageRecord record = this.stages.stage(releaseId, stage.name());
		return new StageRules(stage.name(), record.budget(stage), record.acceptedFailures(), stage.approvers(),
				stage.bake().toSeconds());
	}

	private GroupProgress withInFlight(String releaseId, GroupProgress group) {
		return new GroupProgress(group.stage(), group.group(), group.clusters(), group.pending(), group.upgraded(),
				group.alreadyCurrent(), group.skipped(), group.failed(),
				this.inFlight.count(releaseId, group.stage(), group.group()));
	}

	private static LiveResource resource(Fleet.Live live) {
		return new LiveResource(true, live.version(), live.notReady().orElse(null), live.patchedBy(), live.patchedAt(),
				live.status());
	}

	private static LiveResource gone() {
		return new LiveResource(false, null, null, null, null, null);
	}

}
