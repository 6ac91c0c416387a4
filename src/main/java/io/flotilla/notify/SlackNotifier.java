package io.flotilla.notify;

import java.util.Optional;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import io.flotilla.release.ReleaseEvent;
import io.flotilla.release.ReleaseEvent.ReleaseStarted;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells a Slack channel what each release does: one root message per release, and every
 * later event in its thread. Events reach it only once the state they report is
 * committed; it hands them to the {@link SlackOutbox} and returns, so a release never
 * waits for Slack or fails because of it.
 */
final class SlackNotifier {

	private static final Logger logger = LoggerFactory.getLogger(SlackNotifier.class);

	private final MethodsClient slack;

	private final String channel;

	private final SlackThreads threads;

	private final SlackOutbox outbox;

	private final ReleaseService releases;

	SlackNotifier(MethodsClient slack, String channel, SlackThreads threads, SlackOutbox outbox,
			ReleaseService releases) {
		this.slack = slack;
		this.channel = channel;
		this.threads = threads;
		this.outbox = outbox;
		this.releases = releases;
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void on(ReleaseEvent event) {
		this.outbox.submit(() -> deliver(event));
	}

	private void deliver(ReleaseEvent event) {
		try {
			if (event instanceof ReleaseStarted started) {
				postRoot(event.releaseId(), ReleaseMessages.root(started));
			}
			else {
				root(event.releaseId())
					.ifPresent((root) -> post("release=" + event.releaseId() + " " + event.describe(),
							ReleaseMessages.threaded(event), root));
			}
		}
		catch (RuntimeException ex) {
			logger.warn("slack: release={} {} not sent: {}", event.releaseId(), event.describe(), ex.toString());
		}
	}

	/**
	 * The release's root message; posted now, from the release as it stands, when its
	 * start was never announced.
	 */
	private Optional<String> root(String releaseId) {
		Optional<String> root = this.threads.root(releaseId, this.channel);
		if (root.isPresent()) {
			return root;
		}
		try {
			return postRoot(releaseId, ReleaseMessages.root(this.releases.status(releaseId)));
		}
		catch (ReleaseException ex) {
			logger.warn("slack: release={} has no thread and cannot be read: {}", releaseId, ex.getMessage());
			return Optional.empty();
		}
	}

	private Optional<String> postRoot(String releaseId, SlackMessage message) {
		return post("release=" + releaseId + " root message", message, null)
			.map((posted) -> this.threads.saveRoot(releaseId, this.channel, posted.getTs()));
	}

	private Optional<ChatPostMessageResponse> post(String what, SlackMessage message, String threadTs) {
		return this.outbox.send(what,
				() -> this.slack.chatPostMessage((request) -> request.channel(this.channel)
					.text(message.text())
					.blocks(message.blocks())
					.threadTs(threadTs)
					.replyBroadcast(threadTs != null && message.broadcast())
					.unfurlLinks(false)));
	}

}
