package io.flotilla.web;

import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Problem documents for the requests Spring MVC refuses before a controller runs: an
 * unknown path, a method or content type the path does not take, an answer the request
 * does not accept, a body that is missing or is not the JSON the request needs. Spring's
 * own details name Java types or say only "Failed to read request"; these say what the
 * caller has to change.
 */
@RestControllerAdvice
class RequestProblems extends ResponseEntityExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return problem(ex, "no endpoint " + ex.getHttpMethod() + " " + ex.getRequestURL(), headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String allowed = (ex.getSupportedMethods() != null) ? String.join(", ", ex.getSupportedMethods()) : "none";
		return problem(ex, ex.getMethod() + " is not allowed on " + path(request) + "; allowed: " + allowed, headers,
				status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String given = (ex.getContentType() != null) ? ex.getContentType().toString() : "none";
		return problem(ex, "the request body must be application/json, not " + given, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(ex, "the answer is application/json, which the request does not accept (Accept: "
				+ request.getHeader(HttpHeaders.ACCEPT) + ")", headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(ex, unreadable(ex), headers, status, request);
	}

	private static String unreadable(HttpMessageNotReadableException ex) {
		if (ex.getCause() == null) {
			return "the request needs a JSON body";
		}
		if (ex.getCause() instanceof StreamReadException parse && parse.getLocation() != null) {
			return "the request body is not valid JSON at line %d, column %d: %s".formatted(
					parse.getLocation().getLineNr(), parse.getLocation().getColumnNr(), parse.getOriginalMessage());
		}
		if (ex.getCause() instanceof MismatchedInputException mismatch) {
			String field = mismatch.getPath().stream().map(RequestProblems::segment).collect(Collectors.joining("."));
			if (field.isEmpty()) {
				return "the request body must be a JSON object";
			}
			Class<?> type = mismatch.getTargetType();
			return "field '" + field + "' of the request body must be "
					+ ((type == String.class) ? "a string" : "of type " + type.getSimpleName());
		}
		return "the request body cannot be read: " + ex.getMostSpecificCause().getMessage();
	}

	private static String segment(JacksonException.Reference reference) {
		return (reference.getPropertyName() != null) ? reference.getPropertyName() : "[" + reference.getIndex() + "]";
	}

	private ResponseEntity<Object> problem(Exception ex, String detail, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		return handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(status, detail), headers, status, request);
	}

	private static String path(WebRequest request) {
		return ((ServletWebRequest) request).getRequest().getRequestURI();
	}

}
