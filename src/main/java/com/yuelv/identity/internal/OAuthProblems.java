package com.yuelv.identity.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import com.yuelv.shared.Rejection;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The authorization server's refusals as problems (RFC 9457) that are also OAuth error responses (RFC 6749 §5.2): a
 * {@code type} ending in {@code oauth-} and the error code, with the {@code error} and {@code error_description}
 * members OAuth clients read. A client that fails to authenticate gets a 401, a token without the scope a 403, a
 * request that found the password hashes busy a 503 with {@code Retry-After}; every other refusal a 400, but an error
 * of the server itself a 500. A request that reaches the server's endpoints unauthenticated is answered here too: the
 * user info endpoint without a good access token ({@code invalid_token}, RFC 6750's challenge), the others without
 * the client's credentials ({@code invalid_client}).
 */
class OAuthProblems implements AuthenticationFailureHandler, AuthenticationEntryPoint {

	private static final Map<String, String> DESCRIBED = Map.of(
			OAuth2ErrorCodes.INVALID_REQUEST, "The request lacks a parameter, repeats one, or is otherwise malformed.",
			OAuth2ErrorCodes.INVALID_CLIENT, "The client is unknown, or its credentials are wrong or missing.",
			OAuth2ErrorCodes.INVALID_GRANT, "The authorization code or refresh token is invalid, expired, revoked, "
					+ "or was issued to another client.",
			OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "This client may not use this grant type.",
			OAuth2ErrorCodes.UNSUPPORTED_GRANT_TYPE, "The grant type is not supported here.",
			OAuth2ErrorCodes.INVALID_SCOPE, "A scope asked for is unknown, or not this client's.",
			OAuth2ErrorCodes.UNSUPPORTED_TOKEN_TYPE, "This token type cannot be revoked here.");

	private static final String PARAMETER = "OAuth 2.0 Parameter:";
	private static final String USER_INFO = "/userinfo";

	private final JsonMapper json;

	OAuthProblems(JsonMapper json) {
		this.json = json;
	}

	/**
	 * What went wrong in the API's words; Spring Authorization Server's own description where it says more than the
	 * code, and the parameter at fault where it names one.
	 */
	static String detail(String code, @Nullable String description) {
		var described = DESCRIBED.getOrDefault(code, "The request was refused.");
		if (description == null || description.isBlank()) {
			return described;
		}
		if (description.startsWith(PARAMETER)) {
			return described + " Parameter at fault: " + description.substring(PARAMETER.length()).trim() + ".";
		}
		return description;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		if (request.getRequestURI().endsWith(USER_INFO)) {
			write(request, response, new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
					"The access token is missing, expired, revoked, or not an access token.", null), null);
			return;
		}
		write(request, response, new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT), null);
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException failure) throws IOException {
		write(request, response, failure instanceof OAuth2AuthenticationException oauth ? oauth.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST),
				failure instanceof Busy busy ? busy.retryAfter() : null);
	}

	/**
	 * Checking a client's secret had to wait for a password hash longer than a request may (the hashes are bounded,
	 * see {@code yuelv.password-hashing}): {@code temporarily_unavailable}, a 503 telling when to try again.
	 */
	static final class Busy extends OAuth2AuthenticationException {

		private final transient Duration retryAfter;

		Busy(Rejection rejection) {
			super(new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, rejection.getMessage(), null));
			this.retryAfter = rejection.retryAfter() == null ? Duration.ofSeconds(1) : rejection.retryAfter();
		}

		Duration retryAfter() {
			return retryAfter;
		}
	}

	/** A client authentication whose secret check may find the password hashes busy: answered 503, not 500. */
	static AuthenticationProvider busyAware(AuthenticationProvider provider) {
		return new AuthenticationProvider() {

			@Override
			public @Nullable Authentication authenticate(Authentication authentication) {
				try {
					return provider.authenticate(authentication);
				}
				catch (Rejection busy) {
					throw new Busy(busy);
				}
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return provider.supports(authentication);
			}
		};
	}

	private void write(HttpServletRequest request, HttpServletResponse response, OAuth2Error error,
			@Nullable Duration retryAfter) throws IOException {
		var code = error.getErrorCode();
		var status = OAuth2ErrorCodes.INVALID_CLIENT.equals(code) || OAuth2ErrorCodes.INVALID_TOKEN.equals(code)
				? HttpStatus.UNAUTHORIZED
				: OAuth2ErrorCodes.INSUFFICIENT_SCOPE.equals(code) ? HttpStatus.FORBIDDEN
				: OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE.equals(code) ? HttpStatus.SERVICE_UNAVAILABLE
				: OAuth2ErrorCodes.SERVER_ERROR.equals(code) ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
		var detail = detail(code, error.getDescription());
		var problem = new LinkedHashMap<String, Object>();
		problem.put("type", URI.create(Rejection.PROBLEM_TYPES + "oauth-" + code.replace('_', '-')).toString());
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("error", code);
		problem.put("error_description", detail);
		if (OAuth2ErrorCodes.INVALID_CLIENT.equals(code) && request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"yuelv\"");
		}
		else if (OAuth2ErrorCodes.INVALID_TOKEN.equals(code) || OAuth2ErrorCodes.INSUFFICIENT_SCOPE.equals(code)) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"" + code + "\"");
		}
		if (retryAfter != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
		response.setStatus(status.value());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}
}
