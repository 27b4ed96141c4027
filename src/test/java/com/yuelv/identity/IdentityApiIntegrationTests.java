package com.yuelv.identity;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import com.yuelv.Api;
import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;

@EmbeddedModeTest
class IdentityApiIntegrationTests extends ApiTestSupport {

	/** Given the admin role by {@code yuelv.identity.admin-emails} in the test profile. */
	static final String ADMIN_EMAIL = "root@yuelv.test";

	@Autowired JwtEncoder jwtEncoder;

	@Test
	void registersLogsInAndReadsOwnAccount() {
		var email = "Lin.Wei-" + UUID.randomUUID() + "@Example.com";
		var registered = api.post("/api/v1/auth/register",
				Map.of("email", email, "password", Api.PASSWORD, "displayName", "林伟"), null);

		assertThat(registered.status()).isEqualTo(201);
		assertThat(registered.string("$.email")).isEqualTo(email.toLowerCase());
		assertThat(registered.<List<String>>at("$.roles")).containsExactly("TRAVELER");
		String storedHash = jdbc.sql("select password_hash from identity.accounts where email_index = ?")
				.param(emailIndex(email.toLowerCase())).query(String.class).single();
		assertThat(storedHash).startsWith("$argon2id$");

		var person = api.logIn(email.toUpperCase());
		var me = api.get("/api/v1/me", person.accessToken());
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.string("$.profile.displayName")).isEqualTo("林伟");
	}

	@Test
	void refusesASecondAccountWithTheSameEmailInAnyCase() {
		var email = "dup-" + UUID.randomUUID() + "@yuelv.test";
		api.register(email, "First");

		var again = api.post("/api/v1/auth/register",
				Map.of("email", email.toUpperCase(), "password", Api.PASSWORD, "displayName", "Second"), null);

		assertThat(again.status()).isEqualTo(409);
		assertThat(again.string("$.type")).endsWith("/duplicate-email");
		assertThat(jdbc.sql("select count(*) from identity.accounts where email_index = ?").param(emailIndex(email))
				.query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void concurrentRegistrationsOfOneEmailMakeOneAccount() throws Exception {
		var email = "twin-" + UUID.randomUUID() + "@yuelv.test";
		var start = new java.util.concurrent.CountDownLatch(1);
		try (var executor = java.util.concurrent.Executors.newFixedThreadPool(6)) {
			var futures = new java.util.ArrayList<java.util.concurrent.Future<Api.Response>>();
			for (int i = 0; i < 6; i++) {
				var name = "Twin " + i;
				futures.add(executor.submit(() -> {
					start.await();
					return api.post("/api/v1/auth/register",
							Map.of("email", email, "password", Api.PASSWORD, "displayName", name), null);
				}));
			}
			start.countDown();
			var statuses = new java.util.ArrayList<Integer>();
			for (var future : futures) {
				var response = future.get();
				statuses.add(response.status());
				if (response.status() == 409) {
					assertThat(response.string("$.type")).endsWith("/duplicate-email");
				}
			}
			assertThat(statuses).containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
		}
		assertThat(jdbc.sql("select count(*) from identity.accounts where email_index = ?").param(emailIndex(email))
				.query(Long.class).single()).isEqualTo(1);
	}

	@ParameterizedTest
	@CsvSource({ "short1!, min-length", "aaaaaaaaaaaaaaaa, repetitive", "password123, well-known",
			"password1234, well-known", "PASSWORD1234, well-known", "ｐａｓｓｗｏｒｄ１２３４, well-known",
			"1qaz2wsx3edc, well-known", "woaini1314520, well-known", "Yuelv-2026-2027!, context",
			"xx-traveller-xx-99, contains-email", "'tab\there and there', printable",
			"'zero\u200bwidth password', printable" })
	void refusesWeakPasswordsNamingTheRule(String password, String rule) {
		var email = "traveller-" + UUID.randomUUID().toString().substring(0, 8) + "@yuelv.test";
		var response = api.post("/api/v1/auth/register",
				Map.of("email", email, "password", password.replace("traveller", email.substring(0, email.indexOf('@'))),
						"displayName", "Weak"),
				null);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.string("$.type")).endsWith("/weak-password");
		assertThat(response.string("$.errors[0].field")).isEqualTo("password");
		assertThat(response.string("$.errors[0].rule")).isEqualTo(rule);
		assertThat(jdbc.sql("select count(*) from identity.accounts where email_index = ?").param(emailIndex(email))
				.query(Long.class).single()).isZero();
	}

	@Test
	void storesEmailsInOneSpellingSoLookAlikesAreOneAccount() {
		var local = "mei" + UUID.randomUUID().toString().substring(0, 8);
		var first = api.post("/api/v1/auth/register",
				Map.of("email", local + "@Yuelv.Test", "password", Api.PASSWORD, "displayName", "Mei"), null);
		assertThat(first.status()).isEqualTo(201);
		assertThat(first.string("$.email")).isEqualTo(local + "@yuelv.test");

		var fullWidth = new StringBuilder();
		(local + "@yuelv.test").codePoints().forEach(c -> fullWidth.appendCodePoint(
				c >= '!' && c <= '~' ? c - '!' + 0xFF01 : c));
		var lookAlike = api.post("/api/v1/auth/register",
				Map.of("email", fullWidth.toString(), "password", Api.PASSWORD, "displayName", "Mei 2"), null);
		assertThat(lookAlike.status()).isEqualTo(409);
		assertThat(lookAlike.string("$.type")).endsWith("/duplicate-email");
		assertThat(api.post("/api/v1/auth/login", Map.of("email", fullWidth.toString(), "password", Api.PASSWORD),
				null).status()).as("the full-width spelling logs in to the same account").isEqualTo(200);

		for (var odd : List.of("\"" + local + "\"@yuelv.test", local + "@[127.0.0.1]", local + "(x)@yuelv.test",
				local + "..x@yuelv.test", local + "@yuelv")) {
			var refused = api.post("/api/v1/auth/register",
					Map.of("email", odd, "password", Api.PASSWORD, "displayName", "Odd"), null);
			assertThat(refused.status()).as(odd).isEqualTo(400);
			assertThat(refused.string("$.errors[0].field")).isEqualTo("email");
		}
	}

	@Test
	void refusesTextThatLiesAboutItself() {
		var person = api.register("Honest Text");
		for (var name : List.of("evil\u202Egnp.exe", "a\u2066b\u2069", "zero\u200Bwidth", "\u2060joined",
				"soft\u00ADhyphen", "\uFEFFbom")) {
			var response = api.put("/api/v1/me/profile", Map.of("displayName", name, "languages", List.of(),
					"interests", List.of()), person.accessToken());
			assertThat(response.status()).as(name).isEqualTo(400);
			assertThat(response.string("$.errors[0].field")).isEqualTo("displayName");
			assertThat(response.string("$.errors[0].rule")).isIn("no-bidi-controls", "no-invisible-characters");
		}
		var family = api.put("/api/v1/me/profile", Map.of("displayName", "家族 \uD83D\uDC68\u200D\uD83D\uDC69",
				"languages", List.of(), "interests", List.of(), "bio", "مرحبا\u200F!"), person.accessToken());
		assertThat(family.status()).as("joiners between visible characters, and marks, stay").isEqualTo(200);
	}

	@Test
	void aLogoutStopsTheLoginsAccessTokensWithinSeconds() {
		var person = api.register("Logging Out");
		var other = api.logIn(person.email());
		assertThat(api.get("/api/v1/me", person.accessToken()).status()).isEqualTo(200);

		api.post("/api/v1/auth/logout", Map.of("refreshToken", person.refreshToken()), null);

		await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/api/v1/me", person.accessToken()).status() == 401);
		var refused = api.get("/api/v1/me", person.accessToken());
		assertThat(refused.string("$.type")).endsWith("/invalid-token");
		assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
		assertThat(api.get("/api/v1/me", other.accessToken()).status()).as("another login of the account")
				.isEqualTo(200);
	}

	@Test
	void aStolenRefreshTokenStopsTheLoginsAccessTokensWithinSeconds() {
		var person = api.register("Robbed");
		var refreshed = api.post("/api/v1/auth/refresh", Map.of("refreshToken", person.refreshToken()), null);
		var current = refreshed.string("$.accessToken");

		assertThat(api.post("/api/v1/auth/refresh", Map.of("refreshToken", person.refreshToken()), null).status())
				.isEqualTo(401);

		await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/api/v1/me", current).status() == 401
				&& api.get("/api/v1/me", person.accessToken()).status() == 401);
	}

	@Test
	void aDemotedAdminsTokensStopWithinSecondsAndCannotRestoreTheRole() {
		var chief = promotedAdmin("Chief");
		var deputy = promotedAdmin("Deputy");
		var deputyToken = deputy.accessToken();
		assertThat(api.put("/api/v1/admin/accounts/" + deputy.id() + "/roles", Map.of("roles", List.of("ADMIN")),
				deputyToken).status()).as("an admin reaches the admin API").isEqualTo(200);

		assertThat(api.put("/api/v1/admin/accounts/" + deputy.id() + "/roles", Map.of("roles", List.of("TRAVELER")),
				chief.accessToken()).status()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/api/v1/me", deputyToken).status() == 401);
		assertThat(api.put("/api/v1/admin/accounts/" + deputy.id() + "/roles", Map.of("roles", List.of("ADMIN")),
				deputyToken).status()).as("the old token cannot give the role back").isEqualTo(401);
		var again = api.post("/api/v1/auth/refresh", Map.of("refreshToken", deputy.refreshToken()), null);
		assertThat(again.status()).isEqualTo(200);
		assertThat(api.put("/api/v1/admin/accounts/" + deputy.id() + "/roles", Map.of("roles", List.of("ADMIN")),
				again.string("$.accessToken")).status()).isEqualTo(403);
		assertThat(jdbc.sql("select count(*) from identity.account_roles where account_id = ? and role = 'ADMIN'")
				.param(deputy.id()).query(Long.class).single()).isZero();
		assertThat(api.get("/api/v1/me", chief.accessToken()).status()).as("the other admin's tokens")
				.isEqualTo(200);
	}

	/** An account given the admin role behind the API's back, logged in afresh. */
	private Api.Person promotedAdmin(String name) {
		var person = api.register(name);
		jdbc.sql("insert into identity.account_roles (account_id, role) values (?, 'ADMIN')").param(person.id())
				.update();
		return api.logIn(person.email());
	}

	@Test
	void refusesAWrongPasswordAndAnUnknownEmailAlike() {
		var person = api.register("Wrong Password");

		var wrongPassword = api.post("/api/v1/auth/login",
				Map.of("email", person.email(), "password", "not the password at all"), null);
		var unknownEmail = api.post("/api/v1/auth/login",
				Map.of("email", "nobody-" + UUID.randomUUID() + "@yuelv.test", "password", Api.PASSWORD), null);

		assertThat(wrongPassword.status()).isEqualTo(401);
		assertThat(unknownEmail.status()).isEqualTo(401);
		assertThat(wrongPassword.string("$.type")).isEqualTo(unknownEmail.string("$.type"))
				.endsWith("/invalid-credentials");
	}

	@Test
	void rotatesRefreshTokensAndRevokesTheFamilyWhenAUsedOneComesBack() {
		var person = api.register("Rotating");

		var first = api.post("/api/v1/auth/refresh", Map.of("refreshToken", person.refreshToken()), null);
		assertThat(first.status()).isEqualTo(200);
		var second = first.string("$.refreshToken");
		assertThat(second).isNotEqualTo(person.refreshToken());

		var replay = api.post("/api/v1/auth/refresh", Map.of("refreshToken", person.refreshToken()), null);
		assertThat(replay.status()).isEqualTo(401);
		assertThat(replay.string("$.type")).endsWith("/refresh-token-reused");

		var afterTheft = api.post("/api/v1/auth/refresh", Map.of("refreshToken", second), null);
		assertThat(afterTheft.status()).isEqualTo(401);
		assertThat(afterTheft.string("$.type")).endsWith("/invalid-refresh-token");

		var otherLogin = api.logIn(person.email());
		assertThat(api.post("/api/v1/auth/refresh", Map.of("refreshToken", otherLogin.refreshToken()), null)
				.status()).as("a separate login is a separate family").isEqualTo(200);
	}

	@Test
	void logoutRevokesTheLogin() {
		var person = api.register("Leaving");

		assertThat(api.post("/api/v1/auth/logout", Map.of("refreshToken", person.refreshToken()), null).status())
				.isEqualTo(204);
		assertThat(api.post("/api/v1/auth/refresh", Map.of("refreshToken", person.refreshToken()), null).status())
				.isEqualTo(401);
		assertThat(api.post("/api/v1/auth/logout", Map.of("refreshToken", "unknown-token"), null).status())
				.isEqualTo(204);
	}

	@Test
	void updatesTheProfileWithCanonicalLanguages() {
		var person = api.register("Profile Owner");

		var updated = api.put("/api/v1/me/profile", Map.of("displayName", "さくら", "homeCity", "大阪",
				"languages", List.of("ja-jp", "EN", "ja-JP"), "interests", List.of("hiking", "onsen"),
				"bio", "温泉が好き"), person.accessToken());

		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.<List<String>>at("$.profile.languages")).containsExactly("ja-JP", "en");
		var other = api.register("Viewer");
		var seen = api.get("/api/v1/profiles/" + person.id(), other.accessToken());
		assertThat(seen.string("$.profile.homeCity")).isEqualTo("大阪");
		assertThat(seen.body()).doesNotContain(person.email());
	}

	@Test
	void refusesAProfileWithAnUnknownLanguageAndKeepsTheOldOne() {
		var person = api.register("Unchanged");

		var response = api.put("/api/v1/me/profile", Map.of("displayName", "Changed", "languages",
				List.of("en", "klingon"), "interests", List.of()), person.accessToken());

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.string("$.errors[0].field")).isEqualTo("languages[1]");
		assertThat(api.get("/api/v1/me", person.accessToken()).string("$.profile.displayName"))
				.isEqualTo("Unchanged");
	}

	@Test
	void onlyAdminsGrantRoles() {
		var traveler = api.register("Plain Traveler");
		var admin = api.register(ADMIN_EMAIL, "Root");

		var denied = api.put("/api/v1/admin/accounts/" + traveler.id() + "/roles", Map.of("roles", List.of("ADMIN")),
				traveler.accessToken());
		assertThat(denied.status()).isEqualTo(403);

		var granted = api.put("/api/v1/admin/accounts/" + traveler.id() + "/roles", Map.of("roles", List.of("ADMIN")),
				admin.accessToken());
		assertThat(granted.status()).isEqualTo(200);
		assertThat(granted.<List<String>>at("$.roles")).containsExactly("ADMIN", "TRAVELER");

		var refreshed = api.post("/api/v1/auth/refresh", Map.of("refreshToken", traveler.refreshToken()), null);
		var promoted = refreshed.string("$.accessToken");
		assertThat(api.put("/api/v1/admin/accounts/" + admin.id() + "/roles", Map.of("roles", List.of("TRAVELER")),
				promoted).status()).isEqualTo(200);
	}

	@Test
	void refusesMissingExpiredForgedAndForeignTokens() {
		var person = api.register("Token Holder");
		var now = Instant.now();
		var expired = jwtEncoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).type("at+jwt").build(),
				JwtClaimsSet.builder().issuer(issuer()).subject(person.id().toString())
						.issuedAt(now.minus(2, ChronoUnit.HOURS)).expiresAt(now.minus(1, ChronoUnit.HOURS)).build()))
				.getTokenValue();
		var foreignIssuer = jwtEncoder.encode(JwtEncoderParameters.from(
				JwsHeader.with(SignatureAlgorithm.RS256).type("at+jwt").build(),
				JwtClaimsSet.builder().issuer("someone-else").subject(person.id().toString()).issuedAt(now)
						.expiresAt(now.plus(5, ChronoUnit.MINUTES)).build()))
				.getTokenValue();
		var parts = person.accessToken().split("\\.");
		var middle = parts[1].length() / 2;
		var swapped = parts[1].charAt(middle) == 'A' ? 'B' : 'A';
		var tamperedPayload = parts[0] + "." + parts[1].substring(0, middle) + swapped + parts[1].substring(middle + 1)
				+ "." + parts[2];

		assertThat(api.get("/api/v1/me", null).string("$.type")).endsWith("/unauthenticated");
		for (var token : List.of(expired, foreignIssuer, tamperedPayload, "not-a-jwt")) {
			var response = api.get("/api/v1/me", token);
			assertThat(response.status()).as(token).isEqualTo(401);
			assertThat(response.string("$.type")).endsWith("/invalid-token");
			assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		}
		assertThat(api.get("/api/v1/me", person.accessToken()).status()).isEqualTo(200);
	}
}
