package io.flotilla.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the REST API takes from a caller before any authentication exists.
 *
 * @param maxRequestSize the largest request body; a start request is mostly its plan's
 * text, and a larger one is refused before it is read
 * @param allowedHosts the host names a request's {@code Host} header may name, with any
 * port; others are refused, so that a web page whose DNS name is rebound to this server's
 * address cannot use the API
 */
@ConfigurationProperties("flotilla.api")
record ApiProperties(@DefaultValue("512KB") DataSize maxRequestSize,
		@DefaultValue("localhost,127.0.0.1,[::1]") List<String> allowedHosts) {

}
