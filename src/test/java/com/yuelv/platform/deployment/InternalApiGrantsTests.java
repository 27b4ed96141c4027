package com.yuelv.platform.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

import com.yuelv.shared.AuditTrail;
import com.yuelv.shared.SafeExchange;

/** A peer reaches a method of an internal API only with a grant of its scope; the refusals are audited. */
class InternalApiGrantsTests {

	@HttpExchange("/internal/v1/sample-api")
	interface SampleHttp {

		@GetExchange("/things")
		List<String> things();

		@SafeExchange
		@PostExchange("/lookups")
		List<String> lookUp(List<String> names);

		@PostExchange("/things")
		void add(String thing);
	}

	static class SampleEndpoint implements SampleHttp {

		@Override
		public List<String> things() {
			return List.of();
		}

		@Override
		public List<String> lookUp(List<String> names) {
			return names;
		}

		@Override
		public void add(String thing) {}

		public void unlisted() {}
	}

	private final List<String> audited = new ArrayList<>();
	private final AuditTrail audit = (action, actor, subject, details) -> audited.add(action + " " + actor + " "
			+ details.get("scope"));
	private final InternalApiGrants grants = new InternalApiGrants(new PeerSettings("trips", List.of(), Map.of(),
			Duration.ofMillis(500), Duration.ofMillis(1500), 2, Duration.ofMinutes(5),
			new PeerSettings.Identity("", ""), Map.of("search", List.of("sample:read"))), audit, Clock.systemUTC());

	@AfterEach
	void forget() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aGrantedPeerReadsAndALookupThatPostsIsARead() throws Exception {
		signIn("deployment:search");
		assertThat(grants.preHandle(request(), new MockHttpServletResponse(), handler("things"))).isTrue();
		assertThat(grants.preHandle(request(), new MockHttpServletResponse(), handler("lookUp", List.class)))
			.isTrue();
		assertThat(audited).isEmpty();
	}

	@Test
	void aWriteOutsideTheGrantsIsRefusedAndAuditedOnceAMinute() throws Exception {
		signIn("deployment:search");
		for (int i = 0; i < 3; i++) {
			assertThatThrownBy(() -> grants.preHandle(request(), new MockHttpServletResponse(),
					handler("add", String.class))).isInstanceOf(AccessDeniedException.class)
				.hasMessageContaining("sample:write");
		}
		assertThat(audited).containsExactly("peer-call-refused deployment:search sample:write");
	}

	@Test
	void aDeploymentNotNamedInTheGrantsMayCallNothing() throws Exception {
		signIn("deployment:payments");
		assertThatThrownBy(() -> grants.preHandle(request(), new MockHttpServletResponse(), handler("things")))
			.isInstanceOf(AccessDeniedException.class);
	}

	@Test
	void aHandlerOfNoContractIsRefusedToEveryPeer() throws Exception {
		signIn("deployment:search");
		assertThatThrownBy(() -> grants.preHandle(request(), new MockHttpServletResponse(), handler("unlisted")))
			.isInstanceOf(AccessDeniedException.class);
	}

	@Test
	void anAccountsTokenIsNoPeer() throws Exception {
		signIn("yuelv");
		assertThatThrownBy(() -> grants.preHandle(request(), new MockHttpServletResponse(), handler("things")))
			.isInstanceOf(AccessDeniedException.class);
	}

	private static void signIn(String issuer) {
		var now = Instant.now();
		var jwt = Jwt.withTokenValue("t").header("alg", "RS256").issuer(issuer).subject(issuer).issuedAt(now)
			.expiresAt(now.plusSeconds(60)).build();
		SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt, List.of()));
	}

	private static MockHttpServletRequest request() {
		return new MockHttpServletRequest("GET", "/internal/v1/sample-api/things");
	}

	private static HandlerMethod handler(String name, Class<?>... parameters) throws NoSuchMethodException {
		return new HandlerMethod(new SampleEndpoint(), SampleEndpoint.class.getMethod(name, parameters));
	}
}
