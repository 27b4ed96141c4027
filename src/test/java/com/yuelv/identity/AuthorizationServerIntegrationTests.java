package com.yuelv.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.util.UriComponentsBuilder;

import com.jayway.jsonpath.JsonPath;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;

/**
 * The authorization server end to end through the application: the web app's login with the authorization code and
 * PKCE on the login page, its refresh tokens, revocation, a partner's client credentials and scopes, discovery and the
 * keys, and how it answers bad requests.
 */
@EmbeddedModeTest
class AuthorizationServerIntegrationTests extends ApiTestSupport {

	static final String WEB = "web";
	static final String CALLBACK = "https://web.yuelv.test/auth/callback";
	static final String PARTNER = "travel-partner";
	static final String PARTNER_SECRET = "partner-secret-for-the-tests";
	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@Autowired Environment environment;
	@LocalServerPort int port;

	record Tokens(int status, String body) {
		String get(String path) {
			return JsonPath.read(body, path);
		}
	}

	@Test
	void discoveryNamesTheIssuerAndItsEndpointsAndTheKeysArePublic() throws Exception {
		var issuer = environment.getRequiredProperty("yuelv.jwt.issuer");
		var discovery = mvc.perform(MockMvcRequestBuilders.get("/.well-known/openid-configuration")).andReturn()
				.getResponse();
		assertThat(discovery.getStatus()).isEqualTo(200);
		var document = discovery.getContentAsString();
		assertThat((String) JsonPath.read(document, "$.issuer")).isEqualTo(issuer);
		assertThat((String) JsonPath.read(document, "$.token_endpoint")).isEqualTo(issuer + "/oauth2/token");
		assertThat((String) JsonPath.read(document, "$.jwks_uri")).isEqualTo(issuer + "/oauth2/jwks");
		assertThat(JsonPath.<List<String>>read(document, "$.code_challenge_methods_supported")).contains("S256");

		var keys = mvc.perform(MockMvcRequestBuilders.get("/oauth2/jwks")).andReturn().getResponse()
				.getContentAsString();
		assertThat(JsonPath.<List<String>>read(keys, "$.keys[*].kid")).isNotEmpty().doesNotContainNull();
		assertThat(JsonPath.<List<Object>>read(keys, "$.keys[*].d")).as("no private part").isEmpty();
		// the key that signs the tokens is among them
		var session = logInThroughTheWebApp(api.register("Keyed").email());
		var kid = header(session.get("$.access_token")).get("kid");
		assertThat(JsonPath.<List<String>>read(keys, "$.keys[*].kid")).contains((String) kid);
	}

	@Test
	void theWebAppLogsInWithCodeAndPkceAndItsTokenActsForTheAccount() throws Exception {
		var person = api.register("Web Traveller");
		var tokens = logInThroughTheWebApp(person.email());

		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(tokens.get("$.token_type")).isEqualTo("Bearer");
		assertThat(tokens.body()).contains("\"id_token\"", "\"refresh_token\"");
		var claims = claims(tokens.get("$.access_token"));
		assertThat(claims).containsEntry("sub", person.id().toString()).containsEntry("client_id", WEB)
				.containsEntry("iss", environment.getRequiredProperty("yuelv.jwt.issuer"))
				.containsEntry("roles", List.of("TRAVELER")).containsKeys("sid", "gen");
		var me = api.get("/api/v1/me", tokens.get("$.access_token"));
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.string("$.id")).isEqualTo(person.id().toString());

		// the session is the authorization: its refresh token is bound to the web app, and nothing is stored in clear
		var session = (String) claims.get("sid");
		assertThat(jdbc.sql("select client_id from identity.refresh_tokens where family_id = ?")
				.param(UUID.fromString(session)).query(String.class).list()).containsExactly(WEB);
		var stored = jdbc.sql("""
				select principal_name, authorization_code_value, access_token_value, refresh_token_value, attributes
				from identity.oauth2_authorization where id = ?""").param(session).query().singleRow();
		assertThat(stored.get("principal_name")).isEqualTo(person.id().toString());
		assertThat(String.valueOf(stored.get("authorization_code_value"))).startsWith("sha256:");
		assertThat(String.valueOf(stored.get("access_token_value"))).startsWith("sha256:")
				.doesNotContain(tokens.get("$.access_token").toString());
		assertThat(String.valueOf(stored.get("refresh_token_value"))).startsWith("sha256:");
		assertThat(String.valueOf(stored.get("attributes"))).doesNotContain(person.email()).doesNotContain("127.0.0.1");

		// the ID token names the account too, signed with the same key, but is no access token anywhere
		var idToken = tokens.get("$.id_token");
		assertThat(claims(idToken)).containsEntry("sub", person.id().toString());
		assertThat(api.get("/api/v1/me", idToken).status()).isEqualTo(401);
		var userInfo = mvc.perform(MockMvcRequestBuilders.get("/userinfo")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get("$.access_token"))).andReturn().getResponse();
		assertThat(userInfo.getStatus()).isEqualTo(200);
		assertThat(JsonPath.<String>read(userInfo.getContentAsString(), "$.sub")).isEqualTo(person.id().toString());
		var withIdToken = mvc.perform(MockMvcRequestBuilders.get("/userinfo")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + idToken)).andReturn().getResponse();
		assertThat(withIdToken.getStatus()).isEqualTo(401);
		assertThat(withIdToken.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(JsonPath.<String>read(withIdToken.getContentAsString(), "$.error")).isEqualTo("invalid_token");
	}

	@Test
	void aCodeIsTradedOnlyWithItsVerifierAndOnlyOnce() throws Exception {
		var person = api.register("Careful");
		var verifier = verifier();
		var code = authorizationCode(person.email(), verifier);

		var wrongVerifier = token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK,
				"client_id", WEB, "code_verifier", verifier()), null);
		assertThat(wrongVerifier.status()).isEqualTo(400);
		assertThat(wrongVerifier.get("$.error")).isEqualTo("invalid_grant");
		assertThat(wrongVerifier.get("$.type")).isEqualTo("https://yuelv.app/problems/oauth-invalid-grant");

		// a wrong verifier does not spend the code; the right one does, once
		var traded = token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK,
				"client_id", WEB, "code_verifier", verifier), null);
		assertThat(traded.status()).as(traded.body()).isEqualTo(200);
		var again = token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK,
				"client_id", WEB, "code_verifier", verifier), null);
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.get("$.error")).isEqualTo("invalid_grant");
		// a code presented again may have been stolen: what it was traded for stops (RFC 6749 §4.1.2)
		assertThat(refresh(traded.get("$.refresh_token"), WEB).status()).isEqualTo(400);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
				assertThat(api.get("/api/v1/me", traded.get("$.access_token")).status()).isEqualTo(401));
	}

	@Test
	void aCodeTradedTwiceAtOnceOpensOneSession() throws Exception {
		for (int attempt = 0; attempt < 5; attempt++) {
			var person = api.register("Twice");
			var verifier = verifier();
			var code = authorizationCode(person.email(), verifier);
			var start = new java.util.concurrent.CountDownLatch(1);
			try (var executor = java.util.concurrent.Executors.newFixedThreadPool(2)) {
				var trades = new java.util.ArrayList<java.util.concurrent.Future<Tokens>>();
				for (int i = 0; i < 2; i++) {
					trades.add(executor.submit(() -> {
						start.await();
						return token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
								CALLBACK, "client_id", WEB, "code_verifier", verifier), null);
					}));
				}
				start.countDown();
				var statuses = new java.util.ArrayList<Integer>();
				for (var trade : trades) {
					statuses.add(trade.get().status());
				}
				assertThat(statuses).as("never a 5xx").allMatch(status -> status < 500).contains(200);
				assertThat(jdbc.sql("select count(*) from identity.refresh_tokens where account_id = ? and client_id = ?")
						.param(person.id()).param(WEB).query(Long.class).single()).as("one session").isEqualTo(1);
			}
		}
	}

	@Test
	void aBearerTokenNeverStandsForALoginOnTheAuthorizationEndpoint() throws Exception {
		var person = api.register("Bearer Only");
		var response = mvc.perform(MockMvcRequestBuilders.get("/oauth2/authorize")
				.queryParam("response_type", "code").queryParam("client_id", WEB).queryParam("redirect_uri", CALLBACK)
				.queryParam("scope", "openid").queryParam("state", "s2")
				.queryParam("code_challenge", challenge(verifier())).queryParam("code_challenge_method", "S256")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + person.accessToken())).andReturn().getResponse();
		assertThat(response.getStatus()).isEqualTo(302);
		assertThat(response.getRedirectedUrl()).as("to the login page, with no code").endsWith("/login");
		// nor is the password login's token one the user info knows
		var userInfo = mvc.perform(MockMvcRequestBuilders.get("/userinfo")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + person.accessToken())).andReturn().getResponse();
		assertThat(userInfo.getStatus()).isEqualTo(401);
		assertThat(userInfo.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(userInfo.getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
	}

	@Test
	void aFormWhoseBytesAreNotUtf8IsRefusedAsAClientError() throws Exception {
		try (var http = HttpClient.newHttpClient()) {
			for (var path : List.of("/oauth2/token", "/login")) {
				var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=%FF%FE"
								+ "&email=%C3%28&password=x")).build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(400, 499);
			}
		}
	}

	@Test
	void anAuthorizationWithoutPkceIsRefused() throws Exception {
		var session = new MockHttpSession();
		var response = mvc.perform(MockMvcRequestBuilders.get("/oauth2/authorize")
				.queryParam("response_type", "code").queryParam("client_id", WEB).queryParam("redirect_uri", CALLBACK)
				.queryParam("scope", "openid").queryParam("state", "s1").accept(MediaType.TEXT_HTML).session(session))
				.andReturn().getResponse();
		assertThat(response.getStatus()).isEqualTo(302);
		assertThat(response.getRedirectedUrl()).startsWith(CALLBACK).contains("error=invalid_request")
				.contains("code_challenge");
	}

	@Test
	void refreshRotatesAndAReusedRefreshTokenEndsTheSessionEverywhere() throws Exception {
		var person = api.register("Rotating");
		var first = logInThroughTheWebApp(person.email());

		var second = refresh(first.get("$.refresh_token"), WEB);
		assertThat(second.status()).as(second.body()).isEqualTo(200);
		assertThat(second.get("$.refresh_token")).isNotEqualTo(first.get("$.refresh_token"));
		assertThat(claims(second.get("$.access_token")).get("sid")).isEqualTo(claims(first.get("$.access_token")).get("sid"));
		assertThat(api.get("/api/v1/me", second.get("$.access_token")).status()).isEqualTo(200);
		// narrowing the scopes on a refresh, and refreshing again after it
		var narrowed = token(Map.of("grant_type", "refresh_token", "refresh_token", second.get("$.refresh_token"),
				"client_id", WEB, "scope", "openid"), null);
		assertThat(narrowed.status()).as(narrowed.body()).isEqualTo(200);
		assertThat(claims(narrowed.get("$.access_token")).get("scope")).isEqualTo(List.of("openid"));
		var widened = token(Map.of("grant_type", "refresh_token", "refresh_token", narrowed.get("$.refresh_token"),
				"client_id", WEB, "scope", "openid trips:write"), null);
		assertThat(widened.status()).isEqualTo(400);
		assertThat(widened.get("$.error")).isEqualTo("invalid_scope");
		var third = refresh(narrowed.get("$.refresh_token"), WEB);
		assertThat(third.status()).as(third.body()).isEqualTo(200);

		var reused = refresh(first.get("$.refresh_token"), WEB);
		assertThat(reused.status()).isEqualTo(400);
		assertThat(reused.get("$.error")).isEqualTo("invalid_grant");
		assertThat(reused.get("$.detail")).contains("already used");
		assertThat(refresh(third.get("$.refresh_token"), WEB).status()).as("the whole session ended").isEqualTo(400);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
				assertThat(api.get("/api/v1/me", third.get("$.access_token")).status()).isEqualTo(401));
	}

	@Test
	void aRefreshTokenIsTradedOnlyByItsClient() throws Exception {
		var person = api.register("Bound");
		var tokens = logInThroughTheWebApp(person.email());

		var elsewhere = refresh(tokens.get("$.refresh_token"), "mini-program");
		assertThat(elsewhere.status()).isEqualTo(400);
		assertThat(elsewhere.get("$.error")).isEqualTo("invalid_grant");
		assertThat(refresh(tokens.get("$.refresh_token"), WEB).status()).as("still good for its own client")
				.isEqualTo(200);
		// the password login's refresh tokens are not the authorization server's to trade
		assertThat(refresh(person.refreshToken(), WEB).status()).isEqualTo(400);
	}

	@Test
	void revokingARefreshTokenEndsItsSessionEverywhere() throws Exception {
		var person = api.register("Leaving");
		var tokens = logInThroughTheWebApp(person.email());

		var revoked = form("/oauth2/revoke", Map.of("token", tokens.get("$.refresh_token"), "client_id", WEB), null);
		assertThat(revoked.getStatus()).isEqualTo(200);

		assertThat(refresh(tokens.get("$.refresh_token"), WEB).status()).isEqualTo(400);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
				assertThat(api.get("/api/v1/me", tokens.get("$.access_token")).status()).isEqualTo(401));
		var session = (String) claims(tokens.get("$.access_token")).get("sid");
		assertThat(jdbc.sql("select count(*) from identity.oauth2_authorization where id = ?").param(session)
				.query(Long.class).single()).isZero();
		// the password login's session is another and lives on
		assertThat(api.get("/api/v1/me", person.accessToken()).status()).isEqualTo(200);
	}

	@Test
	void aPartnerReadsPublishedTripsWithinItsScopeAndNothingElse() throws Exception {
		var granted = partnerToken("trips:read");
		assertThat(granted.status()).as(granted.body()).isEqualTo(200);
		assertThat(granted.body()).doesNotContain("refresh_token");
		var token = granted.get("$.access_token");
		assertThat(claims(token)).containsEntry("sub", PARTNER).containsEntry("client_id", PARTNER)
				.doesNotContainKey("roles");

		assertThat(api.get("/api/v1/trips", token).status()).isEqualTo(200);
		assertThat(api.get("/api/v1/trips/" + UUID.randomUUID(), token).status()).as("read as anyone reads it")
				.isEqualTo(404);
		assertThat(api.get("/api/v1/places?q=beijing", token).status()).as("places:read not granted").isEqualTo(403);
		assertThat(api.get("/api/v1/me", token).status()).as("no account's business").isEqualTo(403);

		var notItsScope = partnerToken("places:read");
		assertThat(notItsScope.status()).isEqualTo(400);
		assertThat(notItsScope.get("$.error")).isEqualTo("invalid_scope");

		var wrongSecret = form("/oauth2/token", Map.of("grant_type", "client_credentials"),
				basic(PARTNER, "not-the-secret"));
		assertThat(wrongSecret.getStatus()).isEqualTo(401);
		assertThat(wrongSecret.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(JsonPath.<String>read(wrongSecret.getContentAsString(), "$.error")).isEqualTo("invalid_client");

		// a partner's token is revocable like any other
		var revoked = form("/oauth2/revoke", Map.of("token", token), basic(PARTNER, PARTNER_SECRET));
		assertThat(revoked.getStatus()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
				assertThat(api.get("/api/v1/trips", token).status()).isEqualTo(401));
	}

	@Test
	void introspectionTellsAClientOnlyAboutItsOwnTokens() throws Exception {
		var own = partnerToken("trips:read").get("$.access_token");
		var someoneElses = logInThroughTheWebApp(api.register("Private").email()).get("$.access_token");

		var active = form("/oauth2/introspect", Map.of("token", own), basic(PARTNER, PARTNER_SECRET));
		assertThat(active.getStatus()).isEqualTo(200);
		assertThat(JsonPath.<Boolean>read(active.getContentAsString(), "$.active")).isTrue();
		assertThat(JsonPath.<String>read(active.getContentAsString(), "$.client_id")).isEqualTo(PARTNER);

		var hidden = form("/oauth2/introspect", Map.of("token", someoneElses), basic(PARTNER, PARTNER_SECRET));
		assertThat(hidden.getStatus()).isEqualTo(200);
		assertThat(hidden.getContentAsString()).isEqualTo("{\"active\":false}");
	}

	@Test
	void theLoginPageSaysWhatFailedWithoutTellingWhichAndKeepsItsFormOnItsOwnOrigins() throws Exception {
		var session = new MockHttpSession();
		var page = mvc.perform(MockMvcRequestBuilders.get("/login").session(session).accept(MediaType.TEXT_HTML))
				.andReturn().getResponse();
		assertThat(page.getStatus()).isEqualTo(200);
		assertThat(page.getContentType()).isEqualTo("text/html;charset=UTF-8");
		assertThat(page.getHeader("Content-Security-Policy")).contains("form-action 'self' ").contains(" https://web.yuelv.test")
				.contains("frame-ancestors 'none'");
		assertThat(page.getHeader(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");

		var failed = mvc.perform(MockMvcRequestBuilders.post("/login").session(session)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED).param("email", "nobody-" + UUID.randomUUID() + "@yuelv.test")
				.param("password", "whatever-it-is").param("_csrf", csrf(page))).andReturn().getResponse();
		assertThat(failed.getRedirectedUrl()).isEqualTo("/login?error");
		var told = mvc.perform(MockMvcRequestBuilders.get("/login?error").session(session).accept(MediaType.TEXT_HTML))
				.andReturn().getResponse().getContentAsString();
		assertThat(told).contains("Email or password is wrong.").doesNotContain("nobody-");

		var forged = mvc.perform(MockMvcRequestBuilders.post("/login").session(session)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED).param("email", "a@yuelv.test").param("password", "x"))
				.andReturn().getResponse();
		assertThat(forged.getStatus()).as("a post without the page's CSRF token").isEqualTo(403);
	}

	@Test
	void theLoginCookieIsSecureHttpOnlyAndSameSite() throws Exception {
		try (var http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
			var authorize = UriComponentsBuilder.fromUriString("http://localhost:" + port + "/oauth2/authorize")
					.queryParam("response_type", "code").queryParam("client_id", WEB).queryParam("redirect_uri", CALLBACK)
					.queryParam("scope", "openid").queryParam("state", "cookie")
					.queryParam("code_challenge", challenge(verifier())).queryParam("code_challenge_method", "S256")
					.encode().build().toUri();
			var response = http.send(HttpRequest.newBuilder(authorize).header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.discarding());
			assertThat(response.statusCode()).isEqualTo(302);
			assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
					location -> assertThat(location).endsWith("/login"));
			assertThat(response.headers().allValues("Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
					.startsWith("YUELV_LOGIN=").contains("; Secure").contains("; HttpOnly").contains("; SameSite=Lax"));
		}
	}

	@Test
	void badRequestsToTheTokenEndpointAreProblemsNamingWhatIsWrong() throws Exception {
		var json = mvc.perform(MockMvcRequestBuilders.post("/oauth2/token").contentType(MediaType.APPLICATION_JSON)
				.content("{\"grant_type\":\"client_credentials\"}")).andReturn().getResponse();
		assertThat(json.getStatus()).isEqualTo(415);
		assertThat(json.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(json.getContentAsString()).contains("application/x-www-form-urlencoded");

		var noGrant = form("/oauth2/token", Map.of("code", "x"), basic(PARTNER, PARTNER_SECRET));
		assertThat(noGrant.getStatus()).isEqualTo(400);
		assertThat(noGrant.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(JsonPath.<String>read(noGrant.getContentAsString(), "$.error")).isEqualTo("invalid_request");
		assertThat(JsonPath.<String>read(noGrant.getContentAsString(), "$.detail")).contains("grant_type");

		var unknownClient = form("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", "x",
				"client_id", "no-such-app"), null);
		assertThat(unknownClient.getStatus()).isEqualTo(401);
		assertThat(JsonPath.<String>read(unknownClient.getContentAsString(), "$.error")).isEqualTo("invalid_client");

		// no credentials at all, whatever the client accepts
		for (var path : List.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke")) {
			var anonymous = mvc.perform(MockMvcRequestBuilders.post(path)
					.contentType(MediaType.APPLICATION_FORM_URLENCODED).param("token", "x")).andReturn().getResponse();
			assertThat(anonymous.getStatus()).as(path).isEqualTo(401);
			assertThat(anonymous.getContentType()).as(path).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			assertThat(JsonPath.<String>read(anonymous.getContentAsString(), "$.error")).isEqualTo("invalid_client");
		}
		// a first-party app is let in without a secret to refresh and revoke only, not to introspect
		var introspecting = form("/oauth2/introspect", Map.of("grant_type", "refresh_token", "client_id", WEB,
				"token", "x"), null);
		assertThat(introspecting.getStatus()).isEqualTo(401);
		var noToken = mvc.perform(MockMvcRequestBuilders.get("/userinfo")).andReturn().getResponse();
		assertThat(noToken.getStatus()).isEqualTo(401);
		assertThat(JsonPath.<String>read(noToken.getContentAsString(), "$.error")).isEqualTo("invalid_token");
	}

	// ----- the web app's side of the flow

	Tokens logInThroughTheWebApp(String email) throws Exception {
		var verifier = verifier();
		var code = authorizationCode(email, verifier);
		return token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK,
				"client_id", WEB, "code_verifier", verifier), null);
	}

	/** What the browser does: asked to authorize, sent to the login page, logged in, sent back with a code. */
	String authorizationCode(String email, String verifier) throws Exception {
		var session = new MockHttpSession();
		var state = UUID.randomUUID().toString();
		var authorize = mvc.perform(MockMvcRequestBuilders.get("/oauth2/authorize")
				.queryParam("response_type", "code").queryParam("client_id", WEB).queryParam("redirect_uri", CALLBACK)
				.queryParam("scope", "openid profile").queryParam("state", state)
				.queryParam("code_challenge", challenge(verifier)).queryParam("code_challenge_method", "S256")
				.accept(MediaType.TEXT_HTML).session(session)).andReturn().getResponse();
		assertThat(authorize.getStatus()).isEqualTo(302);
		assertThat(authorize.getRedirectedUrl()).endsWith("/login");

		var page = mvc.perform(MockMvcRequestBuilders.get("/login").session(session).accept(MediaType.TEXT_HTML))
				.andReturn().getResponse();
		var login = mvc.perform(MockMvcRequestBuilders.post("/login").session(session)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED).param("email", email)
				.param("password", com.yuelv.Api.PASSWORD).param("_csrf", csrf(page))).andReturn().getResponse();
		assertThat(login.getStatus()).isEqualTo(302);
		var back = URI.create(login.getRedirectedUrl());
		assertThat(back.getPath()).isEqualTo("/oauth2/authorize");

		var authorized = mvc.perform(MockMvcRequestBuilders.get(back).accept(MediaType.TEXT_HTML).session(session))
				.andReturn().getResponse();
		assertThat(authorized.getStatus()).as(authorized.getContentAsString()).isEqualTo(302);
		var redirect = UriComponentsBuilder.fromUriString(authorized.getRedirectedUrl()).build();
		assertThat(redirect.toUriString()).startsWith(CALLBACK);
		assertThat(redirect.getQueryParams().getFirst("state")).isEqualTo(state);
		return redirect.getQueryParams().getFirst("code");
	}

	Tokens refresh(String refreshToken, String client) throws Exception {
		return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", client), null);
	}

	Tokens partnerToken(String scope) throws Exception {
		return token(Map.of("grant_type", "client_credentials", "scope", scope), basic(PARTNER, PARTNER_SECRET));
	}

	Tokens token(Map<String, String> parameters, String authorization) throws Exception {
		var response = form("/oauth2/token", parameters, authorization);
		if (response.getStatus() >= 400) {
			assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		}
		return new Tokens(response.getStatus(), response.getContentAsString(StandardCharsets.UTF_8));
	}

	MockHttpServletResponse form(String path, Map<String, String> parameters, String authorization) throws Exception {
		MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post(path)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED).accept(MediaType.APPLICATION_JSON);
		parameters.forEach(request::param);
		if (authorization != null) {
			request.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		return mvc.perform(request).andReturn().getResponse();
	}

	static String basic(String client, String secret) {
		return "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	static String csrf(MockHttpServletResponse page) throws Exception {
		var matcher = CSRF.matcher(page.getContentAsString(StandardCharsets.UTF_8));
		assertThat(matcher.find()).as("the page's CSRF token").isTrue();
		return matcher.group(1);
	}

	static String verifier() {
		var bytes = new byte[32];
		new java.security.SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String challenge(String verifier) throws Exception {
		var digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	static Map<String, Object> claims(String jwt) {
		return JsonPath.read(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8),
				"$");
	}

	static Map<String, Object> header(String jwt) {
		return JsonPath.read(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8),
				"$");
	}
}
