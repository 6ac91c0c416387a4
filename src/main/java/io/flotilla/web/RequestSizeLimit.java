package io.flotilla.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body over the limit with 413 before it is parsed: one that says its
 * length is refused unread, and a chunked one once a byte past the limit arrives. A 10 MB
 * plan would otherwise be parsed, planned and stored, at the cost of every other
 * release's time.
 */
class RequestSizeLimit extends OncePerRequestFilter {

	private final int limit;

	private final String limitInWords;

	RequestSizeLimit(DataSize limit) {
		this.limit = Math.toIntExact(limit.toBytes());
		this.limitInWords = this.limit + " bytes (" + limit.toKilobytes() + " KiB, flotilla.api.max-request-size)";
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long length = request.getContentLengthLong();
		if (length > this.limit) {
			refuse(response, "the request body is " + length + " bytes; the limit is " + this.limitInWords);
			return;
		}
		if (length == -1 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
			byte[] body = request.getInputStream().readNBytes(this.limit + 1);
			if (body.length > this.limit) {
				refuse(response, "the request body is larger than the limit of " + this.limitInWords);
				return;
			}
			chain.doFilter(new ReadRequest(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private static void refuse(HttpServletResponse response, String detail) throws IOException {
		response.sendError(HttpStatus.CONTENT_TOO_LARGE.value(), detail);
	}

	/**
	 * A chunked request whose body, no larger than the limit, has been read already.
	 */
	private static final class ReadRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			return new BodyStream(this.body);
		}

		@Override
		public BufferedReader getReader() {
			Charset charset = (getCharacterEncoding() != null) ? Charset.forName(getCharacterEncoding())
					: StandardCharsets.ISO_8859_1;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	private static final class BodyStream extends ServletInputStream {

		private final ByteArrayInputStream bytes;

		BodyStream(byte[] body) {
			this.bytes = new ByteArrayInputStream(body);
		}

		@Override
		public int read() {
			return this.bytes.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			return this.bytes.read(buffer, offset, length);
		}

		@Override
		public boolean isFinished() {
			return this.bytes.available() == 0;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		/**
		 * The request is not asynchronous, so, as the servlet specification says, there
		 * is no listener to set.
		 */
		@Override
		public void setReadListener(ReadListener listener) {
			throw new IllegalStateException("the request is not asynchronous");
		}

	}

}
