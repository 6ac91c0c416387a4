package io.flotilla.release.runtime;

import java.time.Clock;
import java.util.List;

import io.flotilla.plan.OnConflict;
import io.flotilla.plan.Plan;
import io.flotilla.release.Claim;
import io.flotilla.release.ReleaseEvent.ClustersHeld;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseException.Reason;
import io.flotilla.release.store.ClaimTable;
import io.flotilla.release.store.ReleaseEventLog;

/**
 * Takes a starting release's clusters inside its start transaction, and applies the
 * plan's {@link OnConflict} to those other releases hold. When nobody holds any, that is
 * one statement; only a conflict costs more.
 */
class StartClaims {

	private final ClaimTable claims;

	private final ReleaseEventLog events;

	private final Clock clock;

	StartClaims(ClaimTable claims, ReleaseEventLog events, Clock clock) {
		this.claims = claims;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * @param clusters how many cluster rows the release has
	 * @throws ReleaseException CONFLICT when others hold some and the plan refuses to
	 * start then; the caller's transaction rolls back, so the release was never recorded
	 */
	void take(String releaseId, Plan plan, int clusters) {
		String kind = plan.target().kind();
		int taken = this.claims.claimAll(releaseId, kind);
		List<Claim> held = List.of();
		while (taken < clusters && held.isEmpty()) {
			held = this.claims.heldByOthers(releaseId, kind);
			if (held.isEmpty()) {
				// the holder ended between the two statements: its clusters are free now
				taken += this.claims.claimAll(releaseId, kind);
			}
		}
		if (held.isEmpty()) {
			return;
		}
		if (plan.onConflict() == OnConflict.REFUSE) {
			throw new ReleaseException(Reason.CONFLICT,
					"release " + releaseId + " not started: " + held.size() + " of its " + clusters
							+ " clusters are held by other active releases: " + Claim.summary(held)
							+ "; wait for them to end, or set onConflict: skip or onConflict: wait in the plan");
		}
		if (plan.onConflict() == OnConflict.SKIP) {
			this.claims.skipHeldByOthers(releaseId, kind);
		}
		this.events.record(new ClustersHeld(releaseId, this.clock.instant(), null, held.size(), Claim.summary(held),
				plan.onConflict()));
	}

	List<Claim> list(String holderId) {
		return this.claims.list(holderId);
	}

}
