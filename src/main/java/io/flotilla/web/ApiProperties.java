package io.flotilla.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the REST API takes from a caller before any authentication exists.
 *
 * @param maxRequestSize the largest request body; a start request is mostly its plan's
 * text, and a larger one is refused before it is read
 */
@ConfigurationProperties("flotilla.api")
record ApiProperties(@DefaultValue("512KB") DataSize maxRequestSize) {

}
