package com.yuelv.platform.security;

import java.io.IOException;
import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import com.yuelv.platform.web.ProblemTypes;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers missing, expired or forged tokens (401) and insufficient roles (403) with problems, keeping the
 * {@code WWW-Authenticate} header that RFC 6750 asks for, and requests the HTTP firewall refused (400).
 */
class ProblemAuthenticationFailures
		implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

	private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();
	private final JsonMapper json;
	private final String resourceMetadata;

	ProblemAuthenticationFailures(JsonMapper json, URI publicUrl) {
		this.json = json;
		this.resourceMetadata = publicUrl + "/.well-known/oauth-protected-resource";
	}

	/**
	 * RFC 6750's challenge, with RFC 9728's link to the metadata at the configured public URL (Spring Security's own
	 * entry point would build the link from the request's {@code Host}, which the caller chooses).
	 */
	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		var challenge = new StringBuilder("Bearer");
		var separator = " ";
		if (failure instanceof OAuth2AuthenticationException oauth) {
			var error = oauth.getError();
			challenge.append(" error=\"").append(error.getErrorCode()).append('"');
			if (error.getDescription() != null) {
				challenge.append(", error_description=\"").append(quotable(error.getDescription())).append('"');
			}
			if (error.getUri() != null) {
				challenge.append(", error_uri=\"").append(quotable(error.getUri())).append('"');
			}
			separator = ", ";
		}
		challenge.append(separator).append("resource_metadata=\"").append(resourceMetadata).append('"');
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge.toString());
		var hasToken = request.getHeader("Authorization") != null;
		write(response, HttpStatus.UNAUTHORIZED, hasToken ? "invalid-token" : "unauthenticated",
				hasToken ? "The access token is expired, malformed or not signed by us." : "This needs an access token.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		bearerDenied.handle(request, response, denied);
		write(response, HttpStatus.FORBIDDEN, "forbidden", "Your role does not allow this.");
	}

	/**
	 * Answered here rather than through the error page, which a request that never reached the servlet (under
	 * MockMvc, say) would not get. The firewall's reason is not repeated: it quotes the offending value, which may be
	 * a credential.
	 */
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
			throws IOException {
		write(response, HttpStatus.BAD_REQUEST, "malformed-request", "The URL or a header holds characters or "
				+ "sequences that are not accepted (control characters, encoded slashes or periods, ...).");
	}

	/** Text fit for a quoted-string: no quotes, backslashes or anything outside printable ASCII. */
	private static String quotable(String text) {
		var builder = new StringBuilder(text.length());
		text.chars().filter(c -> c >= 0x20 && c < 0x7F && c != '"' && c != '\\').forEach(c -> builder.append((char) c));
		return builder.toString();
	}

	void write(HttpServletResponse response, HttpStatus status, String slug, String detail)
			throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), ProblemTypes.problem(status, slug, detail));
	}
}
