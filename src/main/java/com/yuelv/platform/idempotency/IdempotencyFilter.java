package com.yuelv.platform.idempotency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import com.yuelv.platform.web.ProblemTypes;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Does an unsafe request that carries an {@code Idempotency-Key} once per caller and key (the IETF httpapi draft
 * "The Idempotency-Key HTTP Header Field"). It runs after security, so that the key is the signed-in caller's (an
 * account, or a peer deployment), and before anything works on the request:
 * <ul>
 * <li>a new key runs the request, and its outcome (status, the headers that describe the answer, body) is stored with
 * a fingerprint of the request (SHA-256 of method, path, query, content type and body);
 * <li>a retry with the same key and the same request gets the stored answer again, marked
 * {@code Idempotent-Replayed: true}; with a different request, 422 {@code idempotency-key-reused}; while the first is
 * still running, 409 {@code idempotency-key-in-use} with {@code Retry-After};
 * <li>an answer that says nothing was done for good (408, 429, any 5xx) or that failed outright is not stored: the key
 * is released and a retry runs the request again.
 * </ul>
 * Anonymous requests (registering, signing in, refreshing and signing out) answer with credentials, which are never
 * stored: their key is not used.
 */
final class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";
	static final String REPLAYED = "Idempotent-Replayed";
	private static final Logger LOG = LoggerFactory.getLogger(IdempotencyFilter.class);
	private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");
	private static final int LONGEST_KEY = 255;
	/** The headers that describe an answer, replayed with it; those of the moment (limits, dates) are not. */
	private static final Set<String> REPLAYED_HEADERS = Set.of("content-type", "content-language", "content-location",
			"location", "etag", "last-modified", "cache-control", "expires", "link", "retry-after");

	private final IdempotencyKeys keys;
	private final JsonMapper json;
	private final long largestStoredAnswer;

	IdempotencyFilter(IdempotencyKeys keys, JsonMapper json, DataSize largestStoredAnswer) {
		this.keys = keys;
		this.json = json;
		this.largestStoredAnswer = largestStoredAnswer.toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!UNSAFE.contains(request.getMethod()) || request.getHeader(HEADER) == null) {
			chain.doFilter(request, response);
			return;
		}
		var values = Collections.list(request.getHeaders(HEADER));
		var key = values.size() == 1 ? key(values.getFirst()) : null;
		if (key == null) {
			write(response, HttpStatus.BAD_REQUEST, "malformed-idempotency-key", "The Idempotency-Key header must be "
					+ "one string of 1 to " + LONGEST_KEY + " printable ASCII characters, such as "
					+ "\"8e03978e-40d5-43e8-bc93-6894a57f9324\".", null);
			return;
		}
		var caller = caller();
		if (caller == null) {
			chain.doFilter(request, response);
			return;
		}
		var body = Body.of(request);
		if (body.failure() != null) {
			// refused while it streamed (too large, not UTF-8): the request fails as it would have, nothing is stored
			chain.doFilter(body.request(), response);
			return;
		}
		var what = (request.getMethod() + " " + request.getRequestURI());
		what = what.length() > 300 ? what.substring(0, 300) : what;
		var claim = keys.claim(caller, key, fingerprint(request, body.digest()), what);
		switch (claim) {
			case IdempotencyKeys.Claim.Mismatch mismatch -> write(response, HttpStatus.UNPROCESSABLE_CONTENT,
					"idempotency-key-reused", "This Idempotency-Key was used for a different request; a retry must "
							+ "repeat the first request exactly, and a new request needs a new key.", null);
			case IdempotencyKeys.Claim.InProgress inProgress -> write(response, HttpStatus.CONFLICT,
					"idempotency-key-in-use", "The first request with this Idempotency-Key is still being processed; "
							+ "retry after it ends to get its answer.", "1");
			case IdempotencyKeys.Claim.Replay replay -> replay(response, replay.outcome());
			case IdempotencyKeys.Claim.Granted granted -> run(body.request(), response, chain, caller, key,
					granted.token());
		}
	}

	private void run(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String caller,
			String key, java.util.UUID token) throws ServletException, IOException {
		var answer = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(request, answer);
		}
		catch (IOException | ServletException | RuntimeException | Error failure) {
			keys.release(caller, key, token);
			throw failure;
		}
		try {
			var status = answer.getStatus();
			var content = answer.getContentAsByteArray();
			if (request.isAsyncStarted() || !isOutcome(status) || content.length > largestStoredAnswer) {
				keys.release(caller, key, token);
			}
			else {
				keys.complete(caller, key, token, new IdempotencyKeys.Outcome(status, describing(answer), content));
			}
		}
		catch (RuntimeException storeFailed) {
			// the answer goes out all the same; a retry finds the key running until it is taken for abandoned
			LOG.warn("Could not record the outcome of idempotency key {} of {}: {}", key, caller,
					storeFailed.toString());
		}
		answer.copyBodyToResponse();
	}

	/** Whether an answer is the request's outcome: not one that says it was not done and may be tried again. */
	static boolean isOutcome(int status) {
		return status < 500 && status != HttpStatus.REQUEST_TIMEOUT.value()
				&& status != HttpStatus.TOO_MANY_REQUESTS.value();
	}

	private static Map<String, List<String>> describing(HttpServletResponse response) {
		var headers = new LinkedHashMap<String, List<String>>();
		for (var name : response.getHeaderNames()) {
			if (REPLAYED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
				headers.put(name, List.copyOf(response.getHeaders(name)));
			}
		}
		if (response.getContentType() != null) {
			headers.put(HttpHeaders.CONTENT_TYPE, List.of(response.getContentType()));
		}
		return headers;
	}

	private static void replay(HttpServletResponse response, IdempotencyKeys.Outcome outcome) throws IOException {
		response.setStatus(outcome.status());
		outcome.headers().forEach((name, headerValues) -> {
			for (var i = 0; i < headerValues.size(); i++) {
				if (i == 0) {
					response.setHeader(name, headerValues.get(i));
				}
				else {
					response.addHeader(name, headerValues.get(i));
				}
			}
		});
		response.setHeader(REPLAYED, "true");
		response.setContentLength(outcome.body().length);
		response.getOutputStream().write(outcome.body());
	}

	private void write(HttpServletResponse response, HttpStatus status, String slug, String detail,
			@Nullable String retryAfter) throws IOException {
		ProblemDetail problem = ProblemTypes.problem(status, slug, detail);
		problem.setProperty("errors", List.of(Map.of("field", HEADER, "rule", slug, "message", detail)));
		response.setStatus(status.value());
		if (retryAfter != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
		}
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

	/**
	 * The key of a header value: a structured-field string ({@code "..."}, RFC 9651) as the draft defines it, or the
	 * same characters unquoted, which clients commonly send.
	 */
	static @Nullable String key(String value) {
		var text = value.strip();
		if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
			var unquoted = new StringBuilder();
			for (var i = 1; i < text.length() - 1; i++) {
				var c = text.charAt(i);
				if (c == '\\') {
					if (++i >= text.length() - 1) {
						return null;
					}
					c = text.charAt(i);
					if (c != '"' && c != '\\') {
						return null;
					}
				}
				else if (c == '"' || c < 0x20 || c > 0x7E) {
					return null;
				}
				unquoted.append(c);
			}
			text = unquoted.toString();
		}
		else if (text.chars().anyMatch(c -> c <= 0x20 || c > 0x7E || c == '"')) {
			return null;
		}
		return text.isEmpty() || text.length() > LONGEST_KEY || text.isBlank() ? null : text;
	}

	/** The signed-in caller's name (an account's id or a peer deployment's), or none for an anonymous request. */
	private static @Nullable String caller() {
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return null;
		}
		return authentication.getName();
	}

	private static String fingerprint(HttpServletRequest request, byte[] bodyDigest) {
		var digest = sha256();
		for (var part : new String[] { request.getMethod(), request.getRequestURI(),
				String.valueOf(request.getQueryString()), String.valueOf(request.getContentType()) }) {
			digest.update(part.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
		}
		digest.update(bodyDigest);
		return HexFormat.of().formatHex(digest.digest());
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every Java platform has SHA-256", e);
		}
	}

	/**
	 * A request's body read ahead, so that its fingerprint is known before it runs: a JSON body is held and handed on
	 * again; a file's parts ({@code multipart/form-data}) are parsed and kept by the container, which hands them on
	 * itself. A body refused while it streams is handed on to fail as it would have.
	 */
	record Body(HttpServletRequest request, byte[] digest, @Nullable Exception failure) {

		static Body of(HttpServletRequest request) {
			var digest = sha256();
			var contentType = request.getContentType();
			try {
				if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
					var names = new ArrayList<String>();
					for (var part : request.getParts()) {
						names.add(part.getName());
						digest.update((part.getName() + '\0' + part.getSubmittedFileName() + '\0'
								+ part.getContentType() + '\0').getBytes(StandardCharsets.UTF_8));
						try (var in = part.getInputStream()) {
							var buffer = new byte[8192];
							for (int n; (n = in.read(buffer)) > 0;) {
								digest.update(buffer, 0, n);
							}
						}
					}
					return new Body(request, digest.digest(), null);
				}
				var bytes = request.getInputStream().readAllBytes();
				return new Body(new HeldBody(request, bytes), digest.digest(bytes), null);
			}
			catch (IOException | ServletException | RuntimeException failure) {
				return new Body(failure instanceof IOException io ? new FailingBody(request, io) : request,
						new byte[0], failure);
			}
		}
	}

	/** The request with its body read ahead. */
	private static final class HeldBody extends HttpServletRequestWrapper {

		private final byte[] body;

		HeldBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			var in = new ByteArrayInputStream(body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					// the whole body is here already: it is available at once, and then all read
					try {
						listener.onDataAvailable();
						listener.onAllDataRead();
					}
					catch (IOException e) {
						listener.onError(e);
					}
				}
			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
					getCharacterEncoding() == null ? StandardCharsets.UTF_8
							: java.nio.charset.Charset.forName(getCharacterEncoding(), StandardCharsets.UTF_8)));
		}
	}

	/** The request whose body was refused while it was read ahead: reading it again fails the same way. */
	private static final class FailingBody extends HttpServletRequestWrapper {

		private final IOException failure;

		FailingBody(HttpServletRequest request, IOException failure) {
			super(request);
			this.failure = failure;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			throw failure;
		}
	}
}
