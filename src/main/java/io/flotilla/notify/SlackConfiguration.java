package io.flotilla.notify;

import java.time.Clock;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.flotilla.account.Users;
import io.flotilla.release.ReleaseService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Slack, when a token is configured: the notifier, and the interaction endpoint when a
 * signing secret is configured too.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${flotilla.slack.token:}'.isBlank()")
class SlackConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(SlackConfiguration.class);

	@Bean
	Slack slack(SlackProperties properties) {
		if (properties.channel() == null || properties.channel().isBlank()) {
			throw new IllegalStateException("flotilla.slack.channel is required when flotilla.slack.token is set");
		}
		SlackConfig config = new SlackConfig();
		config.setMethodsEndpointUrlPrefix(properties.apiUrl());
		// Statistics would look up the team with auth.test before the first call and
		// keep threads of their own; nothing here reads them.
		config.setStatsEnabled(false);
		logger.info("slack: release threads go to channel {}{}", properties.channel(),
				(properties.signingSecret() != null) ? ", buttons are answered at /slack/interactions"
						: "; no signing secret, so buttons are not answered");
		return Slack.getInstance(config);
	}

	@Bean
	SlackOutbox slackOutbox(SlackProperties properties) {
		return new SlackOutbox(properties.delivery());
	}

	@Bean
	SlackNotifier slackNotifier(Slack slack, SlackProperties properties, JdbcClient jdbc, SlackOutbox outbox,
			ReleaseService releases) {
		return new SlackNotifier(slack.methods(properties.token()), properties.channel(), new SlackThreads(jdbc),
				outbox, releases);
	}

	@Bean
	@ConditionalOnExpression("!'${flotilla.slack.signing-secret:}'.isBlank()")
	SlackInteractions slackInteractions(Slack slack, SlackProperties properties, SlackOutbox outbox,
			ReleaseService releases, Users users, Clock clock) {
		return new SlackInteractions(properties.signingSecret(), properties.operators(), users::actor, releases,
				slack.methods(properties.token()), outbox, clock);
	}

	@Bean
	@ConditionalOnExpression("!'${flotilla.slack.signing-secret:}'.isBlank()")
	RouterFunction<ServerResponse> slackInteractionRoute(SlackInteractions interactions) {
		return RouterFunctions.route().POST("/slack/interactions", interactions::handle).build();
	}

}
