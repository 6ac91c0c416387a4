package io.flotilla;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Flotilla server: REST API, release jobs, Quartz timers. Started by
 * {@code flotilla server}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FlotillaApplication {

}
