package io.flotilla.release.store;

import java.time.Instant;
import java.util.List;

import io.flotilla.audit.AuditEntry;
import io.flotilla.audit.AuditLog;
import io.flotilla.audit.Subject;
import io.flotilla.control.ReleaseState;
import io.flotilla.release.EventRecord;
import io.flotilla.release.ReleaseEvent;
import io.flotilla.release.ReleaseEvent.BreakGlassStarted;
import io.flotilla.release.ReleaseEvent.SignalApplied;
import io.flotilla.release.ReleaseEvent.SignalRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * A release's events: each one is an entry of the audit log with the release as its
 * subject, one line in the server log, and one application event for notifiers. All three
 * happen in the caller's transaction; notifiers listen after commit.
 */
@Component
public class ReleaseEventLog {

	private static final Logger logger = LoggerFactory.getLogger(ReleaseEventLog.class);

	private final AuditLog audit;

	private final ApplicationEventPublisher publisher;

	ReleaseEventLog(AuditLog audit, ApplicationEventPublisher publisher) {
		this.audit = audit;
		this.publisher = publisher;
	}

	public void record(ReleaseEvent event) {
		this.audit.record(entry(event));
		if (event.stage() != null) {
			logger.info("release={} stage={} {}", event.releaseId(), event.stage(), event.describe());
		}
		else {
			logger.info("release={} {}", event.releaseId(), event.describe());
		}
		this.publisher.publishEvent(event);
	}

	private static AuditEntry entry(ReleaseEvent event) {
		Subject subject = Subject.release(event.releaseId());
		if (event instanceof SignalApplied signal) {
			return new AuditEntry(subject, event.at(), event.kind(), event.stage(), event.describe(), signal.by(),
					signal.reason(), signal.before().name(), signal.after().name());
		}
		if (event instanceof SignalRefused refused) {
			return new AuditEntry(subject, event.at(), event.kind(), event.stage(), event.describe(), refused.by(),
					refused.reason(), refused.state().name(), refused.state().name());
		}
		if (event instanceof BreakGlassStarted breakGlass) {
			// an admin's act, found by its actor like a signal
			return new AuditEntry(subject, event.at(), event.kind(), null, event.describe(), breakGlass.by(),
					breakGlass.reason(), null, null);
		}
		return new AuditEntry(subject, event.at(), event.kind(), event.stage(), event.describe(), null, null, null,
				null);
	}

	/**
	 * The release's events, oldest first.
	 */
	public List<EventRecord> events(String releaseId) {
		return this.audit.entries(Subject.release(releaseId))
			.stream()
			.map((entry) -> new EventRecord(entry.at(), entry.kind(), entry.stage(), entry.message(), entry.actor(),
					entry.reason(), state(entry.stateBefore()), state(entry.stateAfter())))
			.toList();
	}

	/**
	 * How many events of that kind the release has had since the instant.
	 */
	public int countSince(String releaseId, String kind, Instant since) {
		return this.audit.countSince(Subject.release(releaseId), kind, since);
	}

	/**
	 * A mark of how far the release's log has come, for {@link #wasToldToGoOnSince}.
	 */
	public long mark(String releaseId) {
		return this.audit.lastId(Subject.release(releaseId));
	}

	/**
	 * Whether a signal after the mark let the release go on (resume, continue or reset).
	 */
	public boolean wasToldToGoOnSince(String releaseId, long mark) {
		return this.audit.recordedSince(Subject.release(releaseId), mark, SignalApplied.KIND,
				ReleaseState.RUNNING.name());
	}

	private static ReleaseState state(String name) {
		return (name != null) ? ReleaseState.valueOf(name) : null;
	}

}
