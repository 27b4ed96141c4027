package com.yuelv.platform.security;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import com.yuelv.platform.web.ProblemTypes;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers missing, expired or forged tokens (401) and insufficient roles (403) with problems, keeping the
 * {@code WWW-Authenticate} header that RFC 6750 asks for.
 */
class ProblemAuthenticationFailures implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
	private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();
	private final JsonMapper json;

	ProblemAuthenticationFailures(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		bearerEntryPoint.commence(request, response, failure);
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

	private void write(HttpServletResponse response, HttpStatus status, String slug, String detail)
			throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), ProblemTypes.problem(status, slug, detail));
	}
}
