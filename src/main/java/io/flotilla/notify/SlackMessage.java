package io.flotilla.notify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.BlockElements;
import com.slack.api.model.block.element.ButtonElement;
import io.flotilla.control.Signal;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asContextElements;

/**
 * One chat message: the plain text that notifications and old clients show, and the
 * blocks that Slack renders, with buttons when the message asks for a decision.
 *
 * @param text the plain text
 * @param blocks the Block Kit layout
 * @param broadcast whether a threaded message is also shown in the channel
 */
record SlackMessage(String text, List<LayoutBlock> blocks, boolean broadcast) {

	/** The prefix of every button's action id; the rest is the signal's word. */
	static final String ACTION_PREFIX = "flotilla.";

	static SlackMessage of(String text, String markdown) {
		return new SlackMessage(text, List.of(section((s) -> s.text(markdownText(markdown)))), false);
	}

	/**
	 * The message with buttons that send the given signals to a release.
	 */
	SlackMessage withButtons(String releaseId, Signal... signals) {
		List<BlockElement> buttons = Arrays.stream(signals)
			.<BlockElement>map((signal) -> button(releaseId, signal))
			.toList();
		List<LayoutBlock> blocks = new ArrayList<>(this.blocks);
		blocks.add(actions(buttons));
		return new SlackMessage(this.text, List.copyOf(blocks), this.broadcast);
	}

	SlackMessage broadcastInChannel() {
		return new SlackMessage(this.text, this.blocks, true);
	}

	/**
	 * A decision message once it is taken: its blocks without the buttons, and what was
	 * done below them.
	 */
	static SlackMessage decided(String text, List<LayoutBlock> blocks, String outcome) {
		List<LayoutBlock> kept = new ArrayList<>();
		if (blocks != null) {
			blocks.stream().filter((block) -> !(block instanceof ActionsBlock)).forEach(kept::add);
		}
		if (kept.isEmpty()) {
			kept.add(section((s) -> s.text(markdownText(text))));
		}
		kept.add(context(asContextElements(markdownText(outcome))));
		return new SlackMessage(text + "\n" + outcome, List.copyOf(kept), false);
	}

	/**
	 * Escapes the three characters Slack's mrkdwn gives a meaning to.
	 */
	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private static ButtonElement button(String releaseId, Signal signal) {
		return BlockElements.button((b) -> b.actionId(ACTION_PREFIX + signal.word())
			.text(plainText(label(signal)))
			.value(releaseId)
			.style(style(signal)));
	}

	private static String label(Signal signal) {
		String word = signal.word();
		return Character.toUpperCase(word.charAt(0)) + word.substring(1);
	}

	private static String style(Signal signal) {
		return switch (signal) {
			case CONTINUE, RESUME -> "primary";
			case CANCEL -> "danger";
			case PAUSE, RESET -> null;
		};
	}

}
