package com.yuelv.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import com.jayway.jsonpath.JsonPath;
import com.yuelv.shared.Rejection;

import tools.jackson.databind.json.JsonMapper;

/** The authorization server's refusals: problems that OAuth clients read as error responses, with their status. */
class OAuthProblemsTests {

	private final OAuthProblems problems = new OAuthProblems(JsonMapper.builder().build());

	@Test
	void aRefusalIsAProblemWithOAuthsMembersNamingTheParameterAtFault() throws Exception {
		var response = answer(new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
				"OAuth 2.0 Parameter: grant_type", null)));
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		var body = response.getContentAsString();
		assertThat(JsonPath.<String>read(body, "$.type")).isEqualTo("https://yuelv.app/problems/oauth-invalid-request");
		assertThat(JsonPath.<String>read(body, "$.error")).isEqualTo("invalid_request");
		assertThat(JsonPath.<String>read(body, "$.detail")).endsWith("Parameter at fault: grant_type.")
				.isEqualTo(JsonPath.read(body, "$.error_description"));
	}

	@Test
	void eachErrorHasItsStatusAndChallenge() throws Exception {
		var basic = new MockHttpServletRequest();
		basic.addHeader("Authorization", "Basic eDp5");
		var client = new MockHttpServletResponse();
		problems.onAuthenticationFailure(basic, client, new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT));
		assertThat(client.getStatus()).isEqualTo(401);
		assertThat(client.getHeader("WWW-Authenticate")).startsWith("Basic");

		var userInfo = new MockHttpServletRequest("GET", "/userinfo");
		userInfo.addHeader("Authorization", "Bearer x.y.z");
		var token = new MockHttpServletResponse();
		problems.onAuthenticationFailure(userInfo, token, new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_TOKEN));
		assertThat(token.getStatus()).isEqualTo(401);
		assertThat(token.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");

		var scope = new MockHttpServletResponse();
		problems.onAuthenticationFailure(userInfo, scope,
				new OAuth2AuthenticationException(OAuth2ErrorCodes.INSUFFICIENT_SCOPE));
		assertThat(scope.getStatus()).isEqualTo(403);
		assertThat(scope.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"insufficient_scope\"");

		assertThat(answer(new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT)).getStatus()).isEqualTo(400);
	}

	@Test
	void busyPasswordHashesAreA503ToRetryNotA500() throws Exception {
		AuthenticationProvider checkingSecrets = new AuthenticationProvider() {
			@Override
			public Authentication authenticate(Authentication authentication) {
				throw Rejection.unavailable("overloaded", "Too many passwords are being checked.", Duration.ofSeconds(2));
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return true;
			}
		};
		var failure = org.assertj.core.api.Assertions.catchThrowableOfType(OAuthProblems.Busy.class,
				() -> OAuthProblems.busyAware(checkingSecrets).authenticate(new TestingAuthenticationToken("x", "y")));
		var response = answer(failure);
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("2");
		assertThat(JsonPath.<String>read(response.getContentAsString(), "$.error")).isEqualTo("temporarily_unavailable");
		assertThatThrownBy(() -> OAuthProblems.busyAware(checkingSecrets).authenticate(null))
				.isInstanceOf(OAuth2AuthenticationException.class);
	}

	private MockHttpServletResponse answer(OAuth2AuthenticationException failure) throws Exception {
		var response = new MockHttpServletResponse();
		problems.onAuthenticationFailure(new MockHttpServletRequest("POST", "/oauth2/token"), response, failure);
		return response;
	}
}
