package io.flotilla.notify;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where release events go in Slack and who may steer releases from there.
 *
 * @param token the bot token; without it nothing is sent to Slack
 * @param channel the channel each release's thread goes to
 * @param signingSecret the app's signing secret, which interaction requests are verified
 * with; without it the interaction endpoint is not served
 * @param operators Slack user id to the Flotilla user a button press is sent as, with
 * that user's role and groups; nobody else may press a button
 * @param apiUrl the Slack Web API's base URL
 * @param delivery how hard to try when Slack does not answer
 */
@ConfigurationProperties("flotilla.slack")
record SlackProperties(String token, String channel, String signingSecret, Map<String, String> operators,
		@DefaultValue("https://slack.com/api/") String apiUrl, @DefaultValue Delivery delivery) {

	SlackProperties {
		operators = (operators != null) ? Map.copyOf(operators) : Map.of();
	}

	/**
	 * @param attempts tries per message before it is dropped
	 * @param backoff the wait after the first failed try, doubled after each further one
	 * @param queue messages waiting to be sent, beyond which new ones are dropped
	 */
	record Delivery(@DefaultValue("5") int attempts, @DefaultValue("1s") Duration backoff,
			@DefaultValue("10000") int queue) {

	}

}
