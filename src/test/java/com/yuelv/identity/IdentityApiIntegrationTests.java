package com.yuelv.identity;

import static org.assertj.core.api.Assertions.assertThat;

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
		String storedHash = jdbc.sql("select password_hash from identity.accounts where email = ?")
				.param(email.toLowerCase()).query(String.class).single();
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
		assertThat(jdbc.sql("select count(*) from identity.accounts where email = ?").param(email)
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
		assertThat(jdbc.sql("select count(*) from identity.accounts where email = ?").param(email)
				.query(Long.class).single()).isEqualTo(1);
	}

	@ParameterizedTest
	@CsvSource({ "short1!, min-length", "aaaaaaaaaaaaaaaa, repetitive", "password123, well-known",
			"xx-traveller-xx-99, contains-email" })
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
		assertThat(jdbc.sql("select count(*) from identity.accounts where email = ?").param(email)
				.query(Long.class).single()).isZero();
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
		var expired = jwtEncoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(),
				JwtClaimsSet.builder().issuer("yuelv").subject(person.id().toString())
						.issuedAt(now.minus(2, ChronoUnit.HOURS)).expiresAt(now.minus(1, ChronoUnit.HOURS)).build()))
				.getTokenValue();
		var foreignIssuer = jwtEncoder.encode(JwtEncoderParameters.from(
				JwsHeader.with(SignatureAlgorithm.RS256).build(),
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
