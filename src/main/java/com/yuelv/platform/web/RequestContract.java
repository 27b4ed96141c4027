package com.yuelv.platform.web;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import com.yuelv.platform.PlatformProperties;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a request may carry, decided once for every endpoint before security or any controller sees it:
 * <ul>
 * <li>a query string whose percent-encoded names and values are well-formed UTF-8 (400 {@code malformed-query});</li>
 * <li>a body only as JSON in UTF-8 ({@code application/json}, or another {@code application/*+json} type, with no
 * charset or {@code charset=utf-8}; anything else a 415);</li>
 * <li>an {@code Accept} that JSON or a JSON problem satisfies, on the API, the actuator and the internal APIs
 * (otherwise a 406);</li>
 * <li>a body no longer than {@code yuelv.max-request-body} (413, at once when declared, while streaming when chunked)
 * whose bytes are well-formed UTF-8 (400 {@code malformed-request}, found while the body streams).</li>
 * </ul>
 * The paths of {@code yuelv.uploads} take a file instead: a {@code multipart/form-data} body (else a 415) up to their
 * own limit; the paths of {@code yuelv.other-answers} answer in another media type (an image, an event stream),
 * which an {@code Accept} may ask for.
 * JSON's own rules (duplicate keys, numbers, strings) are {@link StrictJsonInput}'s; parameters' syntax is
 * {@link StrictParameters}'. Refusals are counted in {@link Refusals}, never logged as errors.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestContract extends OncePerRequestFilter {

	/** As many parameters as Tomcat parses by default; more is not a request of this API. */
	static final int MAX_PARAMETERS = 1000;

	private final long limit;
	private final Map<String, Long> uploads;
	private final java.util.Set<String> formPosts;
	private final Map<PathPattern, MediaType> otherAnswers;
	private final JsonMapper json;
	private final Refusals refusals;

	RequestContract(PlatformProperties properties, JsonMapper json, Refusals refusals) {
		this.limit = properties.maxRequestBody().toBytes();
		this.uploads = new java.util.HashMap<>();
		properties.uploads().forEach((path, size) -> uploads.put(path, size.toBytes()));
		this.formPosts = java.util.Set.copyOf(properties.formPosts());
		this.otherAnswers = new java.util.LinkedHashMap<>();
		properties.otherAnswers().forEach((path, type) -> otherAnswers.put(PathPatternParser.defaultInstance
				.parse(path), type));
		this.json = json;
		this.refusals = refusals;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		var path = RequestPaths.of(request);
		var upload = "POST".equals(request.getMethod()) ? uploads.get(path) : null;
		var bodyLimit = upload == null ? limit : upload;
		var refusal = queryRefusal(request.getQueryString());
		if (refusal == null) {
			refusal = upload != null ? uploadTypeRefusal(request)
					: formPosts.contains(path) && "POST".equals(request.getMethod()) ? formTypeRefusal(request)
					: mediaTypeRefusal(request);
		}
		if (refusal == null && negotiated(request)) {
			var accept = request.getHeader(HttpHeaders.ACCEPT);
			// no Accept takes anything: the path's other media type matters only to one that names types
			if (accept != null && !accept.isBlank()) {
				refusal = acceptRefusal(accept, otherAnswer(request, path));
			}
		}
		if (refusal == null && request.getContentLengthLong() > bodyLimit) {
			refusal = new Refusal(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", Refusals.BODY_TOO_LARGE,
					new BodyTooLarge(bodyLimit).getMessage(), null);
		}
		if (refusal != null) {
			refusals.count(refusal.counted());
			ProblemTypes.answering(request, refusal.slug());
			write(response, refusal);
			return;
		}
		chain.doFilter(hasBody(request) ? new CheckedRequest(request, bodyLimit, upload == null) : request, response);
	}

	// ----- the query string

	/**
	 * The raw query string as it came (Tomcat refuses raw bytes outside ASCII before this), each name and value
	 * decoded strictly. A name that cannot be decoded is reported as {@code query}.
	 */
	static @Nullable Refusal queryRefusal(@Nullable String query) {
		if (query == null || query.isEmpty()) {
			return null;
		}
		var count = 0;
		var start = 0;
		while (start <= query.length()) {
			var end = query.indexOf('&', start);
			if (end < 0) {
				end = query.length();
			}
			if (end > start) {
				if (++count > MAX_PARAMETERS) {
					return queryProblem("query", "max-parameters",
							"holds more than %d parameters".formatted(MAX_PARAMETERS));
				}
				var equals = query.indexOf('=', start);
				var nameEnd = equals < 0 || equals > end ? end : equals;
				var name = decode(query, start, nameEnd);
				if (name == null) {
					return queryProblem("query", "encoding", ENCODING_RULE);
				}
				if (nameEnd < end && decode(query, nameEnd + 1, end) == null) {
					return queryProblem(PARAMETER_NAME.matcher(name).matches() ? name : "query", "encoding",
							ENCODING_RULE);
				}
			}
			start = end + 1;
		}
		return null;
	}

	/** A name this API could have given a parameter: repeated back as it is; any other is reported as the query. */
	private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

	private static final String ENCODING_RULE = "must be percent-encoded UTF-8 (each '%' followed by two hexadecimal "
			+ "digits, the bytes forming whole characters)";

	/** The text between {@code from} and {@code to}, percent-decoded as UTF-8, or {@code null} if it is not. */
	private static @Nullable String decode(String query, int from, int to) {
		var bytes = new byte[to - from];
		var length = 0;
		for (var i = from; i < to; i++) {
			var c = query.charAt(i);
			if (c == '%') {
				if (i + 2 >= to) {
					return null;
				}
				var high = Character.digit(query.charAt(i + 1), 16);
				var low = Character.digit(query.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					return null;
				}
				bytes[length++] = (byte) (high << 4 | low);
				i += 2;
			}
			else if (c > 0x7E || c < 0x20) {
				return null;
			}
			else {
				bytes[length++] = (byte) (c == '+' ? ' ' : c);
			}
		}
		return Utf8.decodeOrNull(bytes, length);
	}

	private static Refusal queryProblem(String field, String rule, String message) {
		return new Refusal(HttpStatus.BAD_REQUEST, "malformed-query", Refusals.QUERY,
				"The query string is malformed: %s %s.".formatted(field, message),
				Map.of("field", field, "rule", rule, "message", message));
	}

	// ----- the body's media type

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
	}

	static @Nullable Refusal mediaTypeRefusal(HttpServletRequest request) {
		var declared = request.getContentType();
		if (!hasBody(request)) {
			return null;
		}
		if (declared == null || declared.isBlank()) {
			return unsupported("The request has a body but no Content-Type; send it as application/json.");
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(declared);
		}
		catch (InvalidMediaTypeException e) {
			return unsupported("The Content-Type is not a valid media type; send the body as application/json.");
		}
		if (!isJson(type) || type.isWildcardType() || type.isWildcardSubtype()) {
			return unsupported("The request body must be JSON (application/json), not %s."
					.formatted(type.getType() + "/" + type.getSubtype()));
		}
		var charset = type.getParameter("charset");
		if (charset != null && !"utf-8".equals(unquote(charset).toLowerCase(Locale.ROOT))) {
			return unsupported("The request body must be UTF-8; charset=%s is not accepted.".formatted(
					printable(unquote(charset))));
		}
		return null;
	}

	/** A form's path takes {@code application/x-www-form-urlencoded} in UTF-8 only. */
	static @Nullable Refusal formTypeRefusal(HttpServletRequest request) {
		if (!hasBody(request)) {
			return null;
		}
		try {
			var type = MediaType.parseMediaType(String.valueOf(request.getContentType()));
			var charset = type.getParameter("charset");
			if (MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)
					&& (charset == null || "utf-8".equals(unquote(charset).toLowerCase(Locale.ROOT)))) {
				return null;
			}
		}
		catch (InvalidMediaTypeException e) {
			// refused below
		}
		return unsupported("This address takes a form: send it as application/x-www-form-urlencoded in UTF-8.");
	}

	/** A file's path takes {@code multipart/form-data} only; its parts' bytes are the file's, not text. */
	static @Nullable Refusal uploadTypeRefusal(HttpServletRequest request) {
		if (!hasBody(request)) {
			return null;
		}
		var declared = request.getContentType();
		try {
			if (declared != null && MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(MediaType.parseMediaType(declared))
					&& MediaType.parseMediaType(declared).getParameter("boundary") != null) {
				return null;
			}
		}
		catch (InvalidMediaTypeException e) {
			// refused below
		}
		return unsupported("This address takes a file: send it as multipart/form-data (with a boundary), the file "
				+ "in the part named file.");
	}

	/** The media type the path answers in besides JSON, if it is one of {@code yuelv.other-answers}. */
	private @Nullable MediaType otherAnswer(HttpServletRequest request, String path) {
		if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
			return null;
		}
		var container = PathContainer.parsePath(path);
		for (var entry : otherAnswers.entrySet()) {
			if (entry.getKey().matches(container)) {
				return entry.getValue();
			}
		}
		return null;
	}

	private static boolean isJson(MediaType type) {
		if (!"application".equalsIgnoreCase(type.getType())) {
			return false;
		}
		var subtype = type.getSubtype().toLowerCase(Locale.ROOT);
		return subtype.equals("json") || subtype.endsWith("+json");
	}

	private static String unquote(String value) {
		return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
				? value.substring(1, value.length() - 1) : value;
	}

	/** A value from the request quoted back only when short and plain, so a problem never echoes a payload. */
	private static String printable(String value) {
		return value.length() <= 40 && value.chars().allMatch(c -> c > 0x20 && c < 0x7F) ? value : "(unreadable)";
	}

	private static Refusal unsupported(String detail) {
		return new Refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", Refusals.MEDIA_TYPE, detail,
				null);
	}

	// ----- what the client accepts

	/** The answers that are JSON by contract; documentation and Swagger UI's page negotiate for themselves. */
	private static boolean negotiated(HttpServletRequest request) {
		var path = RequestPaths.of(request);
		return path.startsWith("/api/") || path.startsWith("/actuator") || path.startsWith("/internal/");
	}

	static @Nullable Refusal acceptRefusal(@Nullable String accept) {
		return acceptRefusal(accept, null);
	}

	/** Whether the {@code Accept} allows JSON (a problem), or the path's other media type where it has one. */
	static @Nullable Refusal acceptRefusal(@Nullable String accept, @Nullable MediaType other) {
		if (accept == null || accept.isBlank()) {
			return null;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException e) {
			return new Refusal(HttpStatus.BAD_REQUEST, "malformed-request", Refusals.ACCEPT,
					"The Accept header is not a list of media types.", null);
		}
		for (var type : types) {
			if (type.getQualityValue() > 0 && (type.includes(MediaType.APPLICATION_JSON)
					|| type.includes(MediaType.APPLICATION_PROBLEM_JSON)
					|| "application".equals(type.getType()) && type.getSubtype().endsWith("+json")
					|| other != null && type.includes(other))) {
				return null;
			}
		}
		return new Refusal(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", Refusals.ACCEPT,
				"This API answers in JSON (application/json, problems as application/problem+json); the Accept "
						+ "header allows neither.", null);
	}

	// ----- answering

	/** Why a request is refused: its status, problem type, the counter it counts in and what the client is told. */
	record Refusal(HttpStatus status, String slug, String counted, String detail, @Nullable Map<String, String> error) {}

	private void write(HttpServletResponse response, Refusal refusal) throws IOException {
		var problem = ProblemTypes.problem(refusal.status(), refusal.slug(), refusal.detail());
		if (refusal.error() != null) {
			problem.setProperty("errors", List.of(refusal.error()));
		}
		response.setStatus(refusal.status().value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

	// ----- the body's bytes

	/** What went wrong while a body streamed; {@link ProblemResponses} answers it. */
	abstract static sealed class BodyRefused extends IOException permits BodyTooLarge, BodyNotUtf8 {
		BodyRefused(String message) {
			super(message);
		}

		/** A client's fault, answered as a problem: where it was thrown tells nothing. */
		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}
	}

	static final class BodyTooLarge extends BodyRefused {
		BodyTooLarge(long limit) {
			super("The request body is larger than the %d bytes this API accepts.".formatted(limit));
		}
	}

	static final class BodyNotUtf8 extends BodyRefused {
		BodyNotUtf8(long offset) {
			super("The request body is not well-formed UTF-8 (byte %d); JSON text must be UTF-8.".formatted(offset));
		}
	}

	/** The first refusal among a failure's causes, if the body was refused while it streamed. */
	static @Nullable BodyRefused bodyRefusal(Throwable failure) {
		for (var cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyRefused refused) {
				return refused;
			}
		}
		return null;
	}

	private static final class CheckedRequest extends HttpServletRequestWrapper {

		private final long limit;
		private final boolean text;
		private @Nullable ServletInputStream stream;

		CheckedRequest(HttpServletRequest request, long limit, boolean text) {
			super(request);
			this.limit = limit;
			this.text = text;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				stream = new CheckedStream(super.getInputStream(), limit, text);
			}
			return stream;
		}
	}

	/** Counts the body's bytes against the limit and, for text, checks that they are UTF-8 as they are read. */
	private static final class CheckedStream extends ServletInputStream {

		private final ServletInputStream delegate;
		private final long limit;
		private final boolean text;
		private final Utf8.Checker utf8 = new Utf8.Checker();
		private long read;

		CheckedStream(ServletInputStream delegate, long limit, boolean text) {
			this.delegate = delegate;
			this.limit = limit;
			this.text = text;
		}

		@Override
		public int read() throws IOException {
			var b = delegate.read();
			if (b >= 0) {
				check(b);
			}
			else {
				end();
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			var n = delegate.read(buffer, offset, length);
			if (n < 0) {
				end();
			}
			for (var i = 0; i < n; i++) {
				check(buffer[offset + i] & 0xFF);
			}
			return n;
		}

		private void check(int b) throws BodyRefused {
			if (++read > limit) {
				throw new BodyTooLarge(limit);
			}
			// JSON text never holds a NUL byte; UTF-16 and UTF-32 text, which Jackson would otherwise detect, does
			if (text && (b == 0 || !utf8.accept(b))) {
				throw new BodyNotUtf8(utf8.offset());
			}
		}

		private void end() throws BodyNotUtf8 {
			if (text && !utf8.complete()) {
				throw new BodyNotUtf8(utf8.offset());
			}
		}

		@Override
		public boolean isFinished() {
			return delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			delegate.setReadListener(listener);
		}
	}
}
