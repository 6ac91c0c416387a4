package io.flotilla.console;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console's own files and entry points. Boot's default static mappings are off (the
 * API serves no files), so the console names the one folder it serves.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/console/assets/**")
			.addResourceLocations("classpath:/console/assets/")
			.setCacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate());
	}

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/", "/console/releases");
		registry.addRedirectViewController("/console", "/console/releases");
	}

}
