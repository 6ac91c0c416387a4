package io.flotilla.notify;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.slack.api.app_backend.SlackSignature;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import io.flotilla.account.Actor;
import io.flotilla.control.Signal;
import io.flotilla.release.ReleaseException;
import io.flotilla.release.ReleaseService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Slack's interactivity endpoint: a button pressed on a release's message becomes the
 * signal it names, sent as the Flotilla user the Slack user is mapped to, with that
 * user's role and groups: a viewer's click, or an approver gate clicked by someone
 * outside its groups, is refused and told so ephemerally. A request whose signature does
 * not verify, or is older than five minutes, is refused with 401 before anything is read
 * from it.
 */
final class SlackInteractions implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SlackInteractions.class);

	/** Slack's own limit: an older request may be a replay. */
	private static final Duration MAX_AGE = Duration.ofMinutes(5);

	private static final Gson gson = GsonFactory.createSnakeCase();

	private final SlackSignature.Verifier verifier;

	private final Map<String, String> operators;

	private final Function<String, Optional<Actor>> users;

	private final ReleaseService releases;

	private final MethodsClient slack;

	private final SlackOutbox outbox;

	private final Clock clock;

	/**
	 * Applies the signals, so Slack gets its answer at once whatever a signal takes.
	 */
	private final ExecutorService signals = Executors
		.newSingleThreadExecutor(new CustomizableThreadFactory("slack-signal-"));

	/**
	 * @param operators Slack user id to the Flotilla user a click is sent as
	 * @param users a Flotilla user by name, with their role and groups, unless unknown or
	 * disabled
	 */
	SlackInteractions(String signingSecret, Map<String, String> operators, Function<String, Optional<Actor>> users,
			ReleaseService releases, MethodsClient slack, SlackOutbox outbox, Clock clock) {
		this.verifier = new SlackSignature.Verifier(new SlackSignature.Generator(signingSecret));
		this.operators = operators;
		this.users = users;
		this.releases = releases;
		this.slack = slack;
		this.outbox = outbox;
		this.clock = clock;
	}

	ServerResponse handle(ServerRequest request) throws IOException {
		// The signature covers the bytes as sent; a body rebuilt from parsed form fields
		// may differ from them.
		String body = new String(request.servletRequest().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		String timestamp = request.headers().firstHeader(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP);
		String signature = request.headers().firstHeader(SlackSignature.HeaderNames.X_SLACK_SIGNATURE);
		long now = this.clock.millis();
		if (!isFresh(timestamp, now)) {
			logger.warn("slack: interaction refused: request timestamp {} is not within {} minutes of now", timestamp,
					MAX_AGE.toMinutes());
			return ServerResponse.status(HttpStatus.UNAUTHORIZED).build();
		}
		if (!this.verifier.isValid(timestamp, body, signature, now)) {
			logger.warn("slack: interaction refused: bad signature");
			return ServerResponse.status(HttpStatus.UNAUTHORIZED).build();
		}
		BlockActionPayload payload = payload(body);
		if (payload != null && payload.getActions() != null) {
			payload.getActions()
				.stream()
				.filter((action) -> action.getActionId() != null
						&& action.getActionId().startsWith(SlackMessage.ACTION_PREFIX))
				.forEach((action) -> this.signals.execute(() -> apply(payload, action)));
		}
		return ServerResponse.ok().build();
	}

	private boolean isFresh(String timestamp, long now) {
		try {
			long age = now - Long.parseLong(timestamp) * 1000;
			return Math.abs(age) <= MAX_AGE.toMillis();
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static BlockActionPayload payload(String body) {
		for (String field : body.split("&")) {
			if (field.startsWith("payload=")) {
				String json = URLDecoder.decode(field.substring("payload=".length()), StandardCharsets.UTF_8);
				try {
					BlockActionPayload payload = gson.fromJson(json, BlockActionPayload.class);
					return (payload != null && BlockActionPayload.TYPE.equals(payload.getType())) ? payload : null;
				}
				catch (JsonParseException ex) {
					logger.warn("slack: interaction ignored: payload is not JSON: {}", ex.getMessage());
					return null;
				}
			}
		}
		return null;
	}

	private void apply(BlockActionPayload payload, BlockActionPayload.Action action) {
		String releaseId = action.getValue();
		String userId = (payload.getUser() != null) ? payload.getUser().getId() : null;
		Signal signal;
		try {
			signal = Signal.parse(action.getActionId().substring(SlackMessage.ACTION_PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			logger.warn("slack: interaction ignored: unknown action {}", action.getActionId());
			return;
		}
		String operator = (userId != null) ? this.operators.get(userId) : null;
		if (operator == null) {
			logger.warn("slack: {} of release={} refused: Slack user {} is not an operator", signal.word(), releaseId,
					userId);
			tell(payload, "🚫 You are not allowed to steer releases: your Slack user " + userId
					+ " is not in flotilla.slack.operators.");
			return;
		}
		Optional<Actor> actor = this.users.apply(operator);
		if (actor.isEmpty()) {
			logger.warn("slack: {} of release={} refused: Slack user {} is mapped to {}, who is no enabled user",
					signal.word(), releaseId, userId, operator);
			tell(payload, "🚫 You are not allowed to steer releases: flotilla.slack.operators maps you to " + operator
					+ ", who is not an enabled Flotilla user.");
			return;
		}
		try {
			this.releases.signal(releaseId, signal, actor.get(), "from Slack");
		}
		catch (ReleaseException ex) {
			logger.info("slack: {} of release={} by {} refused: {}", signal.word(), releaseId, operator,
					ex.getMessage());
			tell(payload, "🚫 " + signal.word() + " refused: " + ex.getMessage());
			return;
		}
		catch (RuntimeException ex) {
			logger.warn("slack: {} of release={} by {} failed: {}", signal.word(), releaseId, operator, ex.toString());
			tell(payload, "⚠️ " + signal.word() + " failed: " + ex.getMessage());
			return;
		}
		decided(payload, ReleaseMessages.decision(signal, operator));
	}

	/**
	 * Shows the outcome on the message whose button was pressed, without its buttons, so
	 * nobody presses them again.
	 */
	private void decided(BlockActionPayload payload, String outcome) {
		String channel = channel(payload);
		Message message = payload.getMessage();
		String ts = (payload.getContainer() != null && payload.getContainer().getMessageTs() != null)
				? payload.getContainer().getMessageTs() : (message != null) ? message.getTs() : null;
		if (channel == null || ts == null) {
			return;
		}
		String text = (message != null && message.getText() != null) ? message.getText() : "";
		List<LayoutBlock> blocks = (message != null) ? message.getBlocks() : null;
		SlackMessage updated = SlackMessage.decided(text, blocks, outcome);
		this.outbox.submit(() -> this.outbox.send("update of message " + ts, () -> this.slack
			.chatUpdate((request) -> request.channel(channel).ts(ts).text(updated.text()).blocks(updated.blocks()))));
	}

	/**
	 * Answers the user who pressed the button, and nobody else.
	 */
	private void tell(BlockActionPayload payload, String text) {
		String channel = channel(payload);
		if (channel == null || payload.getUser() == null) {
			return;
		}
		String threadTs = (payload.getMessage() != null) ? payload.getMessage().getThreadTs() : null;
		this.outbox.submit(() -> this.outbox.send("ephemeral answer to " + payload.getUser().getId(),
				() -> this.slack.chatPostEphemeral((request) -> request.channel(channel)
					.user(payload.getUser().getId())
					.threadTs(threadTs)
					.text(text))));
	}

	private static String channel(BlockActionPayload payload) {
		if (payload.getChannel() != null) {
			return payload.getChannel().getId();
		}
		return (payload.getContainer() != null) ? payload.getContainer().getChannelId() : null;
	}

	@Override
	public void close() {
		this.signals.shutdownNow();
	}

}
