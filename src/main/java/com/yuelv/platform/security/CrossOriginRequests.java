package com.yuelv.platform.security;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.util.UriComponentsBuilder;

import com.yuelv.platform.web.PublicReads;
import com.yuelv.platform.web.RequestPaths;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Calls from web pages on other origins (CORS), answered before anything else looks at the request: a preflight is
 * answered here, and an answer to a page allowed to read it says so.
 * <p>
 * The public reads are the same for everyone and kept by caches, so they may be read from any page: their answers
 * always carry {@code Access-Control-Allow-Origin: *} and no {@code Vary: Origin}, which would keep the edge from
 * caching them (HAProxy 2.6 does not cache an answer that varies by {@code Origin}). Every other endpoint under
 * {@code /api}, and the authorization server's endpoints a browser app calls ({@link #AUTHORIZATION_SERVER}), may be
 * called only from {@link CorsSettings#allowedOrigins()} and the API's own public URL; a request from another origin,
 * or a preflight asking for a method or header the API does not take, is a 403 problem. None of them uses cookies (only
 * the login page does, on its own origin), so no answer allows credentials: pages send the access token in
 * {@code Authorization}.
 */
final class CrossOriginRequests implements CorsConfigurationSource {

	/**
	 * The authorization server's endpoints a browser app calls itself, under the API's rules: trading a code or a
	 * refresh token, revoking, the user info and the metadata and keys it reads first.
	 */
	static final List<String> AUTHORIZATION_SERVER = List.of("/oauth2/token", "/oauth2/revoke", "/userinfo",
			"/oauth2/jwks", "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server");

	/** What a page may send: the token, the body's type, conditional requests, keys and trace context. */
	static final List<String> ALLOWED_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
			HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_LANGUAGE, HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_MATCH,
			"Idempotency-Key", "X-Request-Id", "traceparent", "tracestate");
	/** What a page may read beyond the CORS-safelisted headers. */
	static final List<String> EXPOSED_HEADERS = List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION,
			HttpHeaders.RETRY_AFTER, "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "X-Request-Id");
	private static final String EXPOSED = String.join(", ", EXPOSED_HEADERS);

	private final CorsConfiguration publicReads;
	private final CorsConfiguration api;

	/**
	 * @param publicUrl the API's own URL: its pages (Swagger UI) are of its origin, which the application may not
	 *        recognise as its own behind the edge, where it is reached by another scheme or port
	 */
	CrossOriginRequests(CorsSettings settings, URI publicUrl) {
		publicReads = configuration(List.of(CorsConfiguration.ALL), List.of("GET", "HEAD"), settings);
		var origins = new ArrayList<>(settings.allowedOrigins());
		origins.add(UriComponentsBuilder.fromUri(publicUrl).replacePath(null).replaceQuery(null).fragment(null)
			.build().toUriString());
		api = configuration(origins, List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"), settings);
	}

	private static CorsConfiguration configuration(List<String> origins, List<String> methods, CorsSettings settings) {
		var configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(origins);
		configuration.setAllowedMethods(methods);
		configuration.setAllowedHeaders(ALLOWED_HEADERS);
		configuration.setExposedHeaders(EXPOSED_HEADERS);
		configuration.setAllowCredentials(false);
		configuration.setMaxAge(settings.maxAge());
		return configuration;
	}

	/** The filter that applies these rules, answering refusals with problems. */
	CorsFilter filter(ProblemAuthenticationFailures problems) {
		var filter = new CorsFilter(this);
		filter.setCorsProcessor(new Processor(problems));
		return filter;
	}

	@Override
	public @Nullable CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
		var path = RequestPaths.of(request);
		if (!path.startsWith("/api/") && !AUTHORIZATION_SERVER.contains(path)) {
			return null;
		}
		var method = CorsUtils.isPreFlightRequest(request)
				? request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) : request.getMethod();
		if (("GET".equals(method) || "HEAD".equals(method)) && PublicReads.isPublicRead(path)) {
			return publicReads;
		}
		return api;
	}


	/** Spring's processor, but the public reads vary by nothing, and a refusal is a problem naming its reason. */
	private final class Processor extends DefaultCorsProcessor {

		private final ProblemAuthenticationFailures problems;

		Processor(ProblemAuthenticationFailures problems) {
			this.problems = problems;
		}

		@Override
		public boolean processRequest(@Nullable CorsConfiguration configuration, HttpServletRequest request,
				HttpServletResponse response) throws IOException {
			if (configuration == null) {
				return true;
			}
			var preflight = CorsUtils.isPreFlightRequest(request);
			if (configuration == publicReads && !preflight) {
				// whoever asks, and whether or not it says where from: one answer, which a cache may give anyone
				response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, CorsConfiguration.ALL);
				response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
				return true;
			}
			if (CorsUtils.isCorsRequest(request)) {
				var refusal = refusal(configuration, request, preflight);
				if (refusal != null) {
					response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
					problems.write(response, HttpStatus.FORBIDDEN, "cross-origin-refused", refusal);
					return false;
				}
			}
			return super.processRequest(configuration, request, response);
		}

		private static @Nullable String refusal(CorsConfiguration configuration, HttpServletRequest request,
				boolean preflight) {
			if (configuration.checkOrigin(request.getHeader(HttpHeaders.ORIGIN)) == null) {
				return "Pages of this origin may not call this endpoint of the API.";
			}
			if (!preflight) {
				return null;
			}
			var method = HttpMethod.valueOf(request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD));
			if (configuration.checkHttpMethod(method) == null) {
				return "From another origin this endpoint takes only "
						+ String.join(", ", configuration.getAllowedMethods()) + ".";
			}
			var headers = new ArrayList<String>();
			for (var value : Collections.list(request.getHeaders(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS))) {
				for (var header : value.split(",")) {
					if (!header.isBlank()) {
						headers.add(header.strip());
					}
				}
			}
			// Spring's check passes a preflight when any of the headers is allowed; each must be
			var allowed = configuration.checkHeaders(headers);
			if (!headers.isEmpty() && (allowed == null || allowed.size() < headers.size())) {
				return "A page of another origin may send only these headers: " + String.join(", ", ALLOWED_HEADERS)
						+ ".";
			}
			return null;
		}
	}
}
