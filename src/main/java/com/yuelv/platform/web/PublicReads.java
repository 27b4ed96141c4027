package com.yuelv.platform.web;

import java.io.InputStream;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.ShallowEtagHeaderFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The reads anyone may make, with or without a token: published trips, seats, places, nearby trips and search. Their
 * controllers say how long an answer may be kept ({@code Cache-Control: public}, {@code com.yuelv.shared.Freshness});
 * this filter gives such an answer a validator where its controller has none of its own (the trip read has its
 * version), so that a cache revalidates with {@code If-None-Match} and gets a 304 without the body.
 */
@Component
public final class PublicReads extends ShallowEtagHeaderFilter {

	/** The paths of the public reads (Spring's pattern syntax), for the security rules and the validators. */
	public static final List<String> PATHS = List.of("/api/v1/trips", "/api/v1/trips/{id}", "/api/v1/trips/{id}/seats",
			"/api/v1/nearby-trips", "/api/v1/places", "/api/v1/places/**", "/api/v1/search/**");
	/** The one public read whose controller gives its own validator (the trip's version), never buffered here. */
	private static final PathPattern VERSIONED = PathPatternParser.defaultInstance.parse("/api/v1/trips/{id}");

	private static final List<PathPattern> PATTERNS = PATHS.stream().map(PathPatternParser.defaultInstance::parse)
		.toList();
	/** What every public read's path starts with: most other paths are told apart without being parsed. */
	private static final List<String> PREFIXES = PATHS.stream().map(PublicReads::literalPrefix).distinct().toList();

	/**
	 * The answers for the paths asked about lately: the hottest reads (one trip in a surge) are asked about by CORS on
	 * every request, and parsing a path for the patterns costs a microsecond.
	 */
	private static final Cache<String, Boolean> ANSWERS = Caffeine.newBuilder().maximumSize(10_000)
		.executor(Runnable::run).build();

	/** Whether a request path is one of the public reads' (whatever the method). */
	public static boolean isPublicRead(String path) {
		if (!startsWithAny(path)) {
			return false;
		}
		var known = ANSWERS.getIfPresent(path);
		if (known != null) {
			return known;
		}
		var container = PathContainer.parsePath(path);
		var matches = false;
		for (var pattern : PATTERNS) {
			if (pattern.matches(container)) {
				matches = true;
				break;
			}
		}
		ANSWERS.put(path, matches);
		return matches;
	}

	private static boolean startsWithAny(String path) {
		for (var prefix : PREFIXES) {
			if (path.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A pattern's text up to its first variable or wildcard, without the slash before it: {@code /**} matches no
	 * segment too.
	 */
	private static String literalPrefix(String pattern) {
		var variable = pattern.indexOf('{');
		var wildcard = pattern.indexOf('*');
		var end = variable < 0 ? wildcard : wildcard < 0 ? variable : Math.min(variable, wildcard);
		var prefix = end < 0 ? pattern : pattern.substring(0, end);
		return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (!"GET".equals(request.getMethod())) {
			return true;
		}
		var path = RequestPaths.of(request);
		return VERSIONED.matches(PathContainer.parsePath(path)) || !isPublicRead(path);
	}

	/** Only an answer its controller marked public gets a validator from its content. */
	@Override
	protected boolean isEligibleForEtag(HttpServletRequest request, HttpServletResponse response, int status,
			InputStream body) {
		var cacheControl = response.getHeader(HttpHeaders.CACHE_CONTROL);
		return cacheControl != null && cacheControl.startsWith("public")
				&& super.isEligibleForEtag(request, response, status, body);
	}
}
