package com.yuelv.platform.cache;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.yuelv.platform.ratelimit.RateLimitFilter;
import com.yuelv.platform.web.HeaderCharacters;
import com.yuelv.platform.web.PublicReads;
import com.yuelv.platform.web.RequestPaths;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The answers to public reads, kept for a moment by the replica that gave them and given again before the security
 * chain, the dispatcher and the controllers see the request: a surge's hottest reads (one trip, one search) then cost
 * the server little more than writing their bytes. A kept answer is what a shared cache may keep by HTTP's rules: a
 * {@code 200} to a {@code GET} without credentials on one of {@link PublicReads#PATHS}, marked {@code public} with a
 * {@code max-age}, with no {@code Vary} and no cookie. It is kept for {@code yuelv.cache.answers.lifetime} at most
 * (never beyond its {@code max-age}), and dropped at once when anything in this replica's caches changes, since the
 * answer may have been made from it; an answer made while something changed is not kept at all.
 * <p>
 * What a request still meets before a kept answer: load shedding, CORS, the request contract, and the
 * {@link Admission} it is given: the rate limits of its client's address, applied as the security chain would
 * ({@link RateLimitFilter#admitsAnonymous}). It is not observed: the observation registry asks {@link #observes}
 * first, and this filter records the request in the route's timer ({@code http.server.requests}, the route and module
 * of the answer's controller) itself; it has no span. A request with an
 * {@code Authorization} header passes on, so that its token is checked; one asking for another media type, with
 * preconditions other than {@code If-None-Match}, with a body, or with a header the HTTP firewall would refuse too. A kept answer says its {@code Age}, which downstream caches
 * count against its {@code max-age}, and answers a current {@code If-None-Match} with a 304.
 */
final class KeptAnswers extends HttpFilter {

	/** Headers that belong to one answer only, or that the server writes for each answer itself. */
	private static final Set<String> OWN_HEADERS = Stream.concat(
			Stream.of(HttpHeaders.DATE, HttpHeaders.AGE, HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_TYPE,
					HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CONNECTION),
			RateLimitFilter.HEADERS.stream()).map(name -> name.toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	/**
	 * Request headers that send a request to the chain: credentials, a body, and the preconditions a kept answer does
	 * not evaluate.
	 */
	private static final Set<String> NOT_GIVEN = Stream.of(HttpHeaders.AUTHORIZATION, HttpHeaders.TRANSFER_ENCODING,
			HttpHeaders.IF_MATCH, HttpHeaders.IF_MODIFIED_SINCE, HttpHeaders.IF_UNMODIFIED_SINCE, HttpHeaders.IF_RANGE,
			HttpHeaders.RANGE).collect(Collectors.toCollection(() -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER)));

	private final Duration lifetime;
	private final long largest;
	private final Admission admission;
	private final ServerRequestObservationConvention convention;
	private final MeterRegistry meters;
	private final Ticker ticker;
	private final Cache<String, Answer> answers;
	/** Counts changes: an answer made while it moved may hold what changed, and is not kept. */
	private final AtomicLong changes = new AtomicLong();
	private final LongAdder hits = new LongAdder();
	private final LongAdder misses = new LongAdder();
	/** The route timers of kept answers, by what their tags are made of. */
	private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

	/** Whether a request that gets a kept answer is admitted; if not, the refusal was written. */
	@FunctionalInterface
	interface Admission {

		boolean admits(HttpServletRequest request, HttpServletResponse response) throws IOException;
	}

	KeptAnswers(CacheSettings.Answers settings, Admission admission, ServerRequestObservationConvention convention,
			MeterRegistry meters, Ticker ticker) {
		this.lifetime = settings.lifetime();
		this.largest = settings.largest().toBytes();
		this.admission = admission;
		this.convention = convention;
		this.meters = meters;
		this.ticker = ticker;
		this.answers = Caffeine.newBuilder()
				// upkeep on the requests' own threads: handing it to the common pool on every few reads costs a surge
				// more in thread hand-offs than the upkeep itself
				.executor(Runnable::run)
				.ticker(ticker)
				.maximumWeight(settings.maxSize().toBytes())
				.weigher((String key, Answer answer) -> answer.weight(key))
				.expireAfter(Expiry.writing((String key, Answer answer) -> answer.keptFor()))
				.build();
		CacheMeters.register(meters, "answers", "local", answers, hits, misses);
	}

	/** Drops every kept answer: something they may have been made from changed. */
	void forget() {
		changes.incrementAndGet();
		answers.invalidateAll();
	}

	/**
	 * Whether a request is to be observed ({@code http.server.requests}, its span): not one a kept answer will answer.
	 * This filter times such a request itself, under the route timer's name and tags; a span of it would tell
	 * nothing but that an answer was copied. The answer found is the one given, even should it be dropped meanwhile.
	 */
	boolean observes(HttpServletRequest request) {
		var answer = find(request);
		if (answer == null) {
			return true;
		}
		request.setAttribute(UNOBSERVED, new Unobserved(answer, ticker.read()));
		return false;
	}

	/** The kept answer a request gets, if any. */
	private @Nullable Answer find(HttpServletRequest request) {
		if (!isAnonymousGet(request)) {
			return null;
		}
		// quietly: a read leaves no trace in the eviction policy, whose upkeep would otherwise take a share of every
		// read; answers live a second, and are dropped by age long before their number matters
		var answer = answers.policy().getIfPresentQuietly(key(request));
		return answer != null && answer.satisfies(request) ? answer : null;
	}

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		var unobserved = request.getAttribute(UNOBSERVED) instanceof Unobserved it ? it : null;
		var answer = unobserved != null ? unobserved.answer() : find(request);
		if (answer != null) {
			hits.increment();
			var given = admission.admits(request, response);
			if (given) {
				give(answer, request, response);
			}
			if (unobserved != null) {
				timer(request, response, given ? answer : null)
						.record(ticker.read() - unobserved.arrived(), TimeUnit.NANOSECONDS);
			}
			return;
		}
		if (!isAnonymousGet(request) || lifetime.isZero() || !PublicReads.isPublicRead(RequestPaths.of(request))) {
			chain.doFilter(request, response);
			return;
		}
		misses.increment();
		var key = key(request);
		var changesBefore = changes.get();
		var headersBefore = headers(response);
		var capturing = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(request, capturing);
			if (!request.isAsyncStarted()) {
				keep(key, request, capturing, headersBefore, changesBefore);
			}
		}
		finally {
			if (!request.isAsyncStarted()) {
				capturing.copyBodyToResponse();
			}
		}
	}

	/** The only requests kept answers are for: a {@code GET} whose credentials, if any, the chain must check. */
	private static boolean isAnonymousGet(HttpServletRequest request) {
		return "GET".equals(request.getMethod()) && request.getHeader(HttpHeaders.AUTHORIZATION) == null;
	}

	private static String key(HttpServletRequest request) {
		var query = request.getQueryString();
		var scheme = request.isSecure() ? "https:" : "http:";
		return query == null ? scheme + request.getRequestURI() : scheme + request.getRequestURI() + '?' + query;
	}

	/**
	 * The route timer a kept answer is counted in: the one its observation would have recorded into, its tags made
	 * by the same convention from the request and the answer (and {@code error}, which the meter handler adds).
	 */
	private Timer timer(HttpServletRequest request, HttpServletResponse response, @Nullable Answer given) {
		var key = new TimerKey(given == null ? null : given.route(), given == null ? null : given.handler(),
				response.getStatus());
		return timers.computeIfAbsent(key, it -> {
			var context = new ServerRequestObservationContext(request, response);
			context.setPathPattern(it.route());
			var tags = new ArrayList<Tag>();
			convention.getLowCardinalityKeyValues(context)
					.forEach(keyValue -> tags.add(Tag.of(keyValue.getKey(), keyValue.getValue())));
			tags.add(Tag.of("error", "none"));
			return meters.timer(convention.getName(), tags);
		});
	}

	private void give(Answer answer, HttpServletRequest request, HttpServletResponse response) throws IOException {
		ServerHttpObservationFilter.findObservationContext(request)
				.ifPresent(context -> context.setPathPattern(answer.route()));
		if (answer.handler() != null) {
			request.setAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE, answer.handler());
		}
		for (var header : answer.headers()) {
			response.addHeader(header.name(), header.value());
		}
		var age = TimeUnit.NANOSECONDS.toSeconds(ticker.read() - answer.keptAt() + TimeUnit.SECONDS.toNanos(1) - 1);
		response.setHeader(HttpHeaders.AGE, Long.toString(age));
		if (answer.etag() != null && matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), answer.etag())) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(answer.contentType().toString());
		response.setContentLength(answer.body().length);
		response.getOutputStream().write(answer.body());
	}

	/** {@code If-None-Match}'s weak comparison (Spring's {@link ETag}): a listed tag, or {@code *}, that is {@code etag}. */
	static boolean matches(@Nullable String ifNoneMatch, String etag) {
		if (ifNoneMatch == null) {
			return false;
		}
		var current = ETag.create(etag);
		for (var tag : ETag.parse(ifNoneMatch)) {
			if (tag.isWildcard() || tag.compare(current, false)) {
				return true;
			}
		}
		return false;
	}

	private void keep(String key, HttpServletRequest request, ContentCachingResponseWrapper answered,
			Map<String, List<String>> headersBefore, long changesBefore) {
		if (answered.getStatus() != HttpServletResponse.SC_OK || answered.getContentType() == null
				|| answered.getContentSize() > largest) {
			return;
		}
		var keepFor = keepFor(answered.getHeader(HttpHeaders.CACHE_CONTROL));
		if (keepFor == null) {
			return;
		}
		var headers = new ArrayList<Header>();
		for (var name : answered.getHeaderNames()) {
			var lowerCase = name.toLowerCase(Locale.ROOT);
			var added = added(headersBefore, lowerCase, answered.getHeaders(name));
			if (!added.isEmpty() && (lowerCase.equals("vary") || lowerCase.equals("set-cookie"))) {
				return; // an answer that differs by request header, or that gives a client state: never shared
			}
			if (!OWN_HEADERS.contains(lowerCase)) {
				added.forEach(value -> headers.add(new Header(name, value)));
			}
		}
		var context = ServerHttpObservationFilter.findObservationContext(request);
		MediaType mediaType;
		try {
			mediaType = MediaType.parseMediaType(answered.getContentType());
		}
		catch (InvalidMediaTypeException e) {
			return;
		}
		var answer = new Answer(mediaType, List.copyOf(headers), answered.getContentAsByteArray(),
				answered.getHeader(HttpHeaders.ETAG), ticker.read(), keepFor,
				context.map(it -> it.getPathPattern()).orElse(null),
				request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE));
		if (changes.get() != changesBefore) {
			return;
		}
		answers.put(key, answer);
		if (changes.get() != changesBefore) {
			// a change came between the check and the put, and its forgetting may have run before the put
			answers.invalidate(key);
		}
	}

	/**
	 * How long an answer with this {@code Cache-Control} may be kept: {@code null} unless it is {@code public} with a
	 * positive {@code max-age} and no {@code private}, {@code no-cache} or {@code no-store}; never more than the
	 * lifetime.
	 */
	@Nullable Duration keepFor(@Nullable String cacheControl) {
		if (cacheControl == null) {
			return null;
		}
		var isPublic = false;
		long maxAge = 0;
		for (var directive : cacheControl.split(",")) {
			var it = directive.strip().toLowerCase(Locale.ROOT);
			if (it.equals("public")) {
				isPublic = true;
			}
			else if (it.startsWith("private") || it.startsWith("no-cache") || it.equals("no-store")) {
				return null;
			}
			else if (it.startsWith("max-age=")) {
				try {
					maxAge = Long.parseLong(it.substring("max-age=".length()));
				}
				catch (NumberFormatException e) {
					return null;
				}
			}
		}
		if (!isPublic || maxAge <= 0) {
			return null;
		}
		var maxAgeDuration = Duration.ofSeconds(maxAge);
		return maxAgeDuration.compareTo(lifetime) < 0 ? maxAgeDuration : lifetime;
	}

	/** The headers a response holds, by lower-case name. */
	private static Map<String, List<String>> headers(HttpServletResponse response) {
		var headers = new HashMap<String, List<String>>();
		for (var name : response.getHeaderNames()) {
			headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(response.getHeaders(name)));
		}
		return headers;
	}

	/** The values of a header that came after the ones it had before: what the rest of the chain wrote. */
	private static List<String> added(Map<String, List<String>> before, String lowerCaseName,
			Collection<String> after) {
		var earlier = new ArrayList<>(before.getOrDefault(lowerCaseName, List.of()));
		var added = new ArrayList<String>();
		for (var value : after) {
			if (!earlier.remove(value)) {
				added.add(value);
			}
		}
		return added;
	}

	record Header(String name, String value) {}

	private static final String UNOBSERVED = KeptAnswers.class.getName() + ".UNOBSERVED";

	/** A request that gets a kept answer without an observation, and when its observation would have begun. */
	private record Unobserved(Answer answer, long arrived) {}

	private record TimerKey(@Nullable String route, @Nullable Object handler, int status) {}

	/**
	 * A kept answer: its media type, headers and body, its validator, when it was kept ({@link Ticker} nanoseconds)
	 * and for how long, and the route and handler that made it, for the request's observation.
	 */
	record Answer(MediaType contentType, List<Header> headers, byte[] body, @Nullable String etag, long keptAt,
			Duration keptFor, @Nullable String route, @Nullable Object handler) {

		/** About what it costs in memory: its bytes and headers, and a little for the rest. */
		int weight(String key) {
			var weight = 256 + key.length() + body.length;
			for (var header : headers) {
				weight += header.name().length() + header.value().length() + 32;
			}
			return weight;
		}

		/**
		 * Whether the request would get this answer through the chain: no credentials, no body, no preconditions but
		 * {@code If-None-Match}, one {@code Accept} that takes its media type, and header names and values the HTTP
		 * firewall lets pass (it would refuse them when read). One pass over the headers.
		 */
		boolean satisfies(HttpServletRequest request) {
			if (request.getContentLengthLong() > 0) {
				return false;
			}
			String accept = null;
			for (var names = request.getHeaderNames(); names.hasMoreElements();) {
				var name = names.nextElement();
				if (!HeaderCharacters.isAllowedName(name) || NOT_GIVEN.contains(name)) {
					return false;
				}
				var isAccept = name.equalsIgnoreCase(HttpHeaders.ACCEPT);
				var isLength = name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH);
				for (var values = request.getHeaders(name); values.hasMoreElements();) {
					var value = values.nextElement();
					if (!HeaderCharacters.isAllowedValue(value) || isLength && !value.equals("0")) {
						return false;
					}
					if (isAccept) {
						if (accept != null) {
							return false;
						}
						accept = value;
					}
				}
			}
			if (accept == null || accept.equals("*/*")) {
				return true;
			}
			try {
				return MediaType.parseMediaTypes(accept).stream().anyMatch(it -> it.includes(contentType));
			}
			catch (InvalidMediaTypeException e) {
				return false;
			}
		}
	}
}
