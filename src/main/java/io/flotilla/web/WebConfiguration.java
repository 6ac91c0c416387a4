package io.flotilla.web;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * What happens to a request before it reaches a controller: the servlet container's
 * handling of its URI and of errors it answers itself, and the filters that check its
 * host, its path and the size of its body, in that order, before anything reads it.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	FilterRegistrationBean<AllowedHosts> allowedHosts(ApiProperties properties) {
		FilterRegistrationBean<AllowedHosts> registration = new FilterRegistrationBean<>(
				new AllowedHosts(properties.allowedHosts()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	FilterRegistrationBean<PathParameters> pathParameters() {
		FilterRegistrationBean<PathParameters> registration = new FilterRegistrationBean<>(new PathParameters());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(ApiProperties properties) {
		FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(
				new RequestSizeLimit(properties.maxRequestSize()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	/**
	 * Keeps an encoded slash ({@code a%2Fb}) inside its path segment, where a path
	 * variable decodes it and the release id rule refuses it with a problem document.
	 * Tomcat would otherwise refuse the request with its own HTML page (reject, its
	 * default) or turn it into a real slash that could walk to another path (decode).
	 */
	@Bean
	TomcatConnectorCustomizer encodedSlashesStayInTheirSegment() {
		return (connector) -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
	}

	/**
	 * Sends {@code 100 Continue} only once the body is read, so a client that asks first
	 * never sends a body that {@link RequestSizeLimit} refuses unread. Tomcat's default
	 * sends it at once, before any filter has looked at the request.
	 */
	@Bean
	TomcatProtocolHandlerCustomizer<AbstractHttp11Protocol<?>> continueOnlyWhenTheBodyIsRead() {
		return (protocol) -> protocol.setContinueResponseTiming(ContinueResponseTiming.ON_REQUEST_BODY_READ.toString());
	}

	/**
	 * Makes {@link ProblemReportValve} the host's only error report. Boot adds an HTML
	 * one from a customizer that may run after this one, so the swap waits until the host
	 * starts, when every customizer has run; naming the class keeps the host from adding
	 * Tomcat's default beside it.
	 */
	@Bean
	TomcatContextCustomizer errorsReportedAsProblems() {
		return (context) -> {
			StandardHost host = (StandardHost) context.getParent();
			host.setErrorReportValveClass(ProblemReportValve.class.getName());
			host.addLifecycleListener((event) -> {
				if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
					replaceErrorReports(host.getPipeline());
				}
			});
		};
	}

	private static void replaceErrorReports(Pipeline pipeline) {
		for (Valve valve : pipeline.getValves()) {
			if (valve instanceof ErrorReportValve) {
				pipeline.removeValve(valve);
			}
		}
		pipeline.addValve(new ProblemReportValve());
	}

}
