package io.flotilla.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Warns when the server listens beyond this machine without TLS: passwords and tokens
 * would then cross the network in clear, unless a proxy in front terminates TLS, which
 * the server cannot see.
 */
@Component
class BindWarning implements ApplicationListener<WebServerInitializedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(BindWarning.class);

	private final Environment environment;

	BindWarning(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		warnIfExposed();
	}

	void warnIfExposed() {
		String address = this.environment.getProperty("server.address");
		boolean tls = this.environment.getProperty("server.ssl.enabled", Boolean.class, false)
				|| this.environment.getProperty("server.ssl.bundle") != null;
		if (!tls && !isLoopback(address)) {
			logger.warn(
					"Listening on {} without TLS: passwords and tokens cross the network in clear. "
							+ "Put a TLS-terminating proxy in front of it, or bind 127.0.0.1",
					(address != null) ? address : "every address");
		}
	}

	private static boolean isLoopback(String address) {
		if (address == null) {
			return false;
		}
		try {
			return InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
