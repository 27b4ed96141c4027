package com.yuelv.platform.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.util.unit.DataSize;

import com.yuelv.MovableClock;
import com.yuelv.platform.PlatformProperties;
import com.yuelv.platform.RsaKeyFile;
import com.yuelv.shared.AuditTrail;

/**
 * Each deployment of a split speaks for itself with its own key: a peer believes a credential only with the public
 * key filed for the deployment it names, and audits what it refuses.
 */
class PeerCredentialsTests {

	private static final Set<String> MODULES = Set.of("identity", "trip", "search");

	@TempDir Path dir;
	private final List<String> audited = new ArrayList<>();
	private final AuditTrail audit = (action, actor, subject, details) -> audited.add(action + " " + actor + " "
			+ details.get("reason"));

	@Test
	void aDeploymentBelievesAPeerWhoseKeyIsFiledAndKnowsWhichDeploymentItIs() {
		var search = credentials("search", "search", dir.resolve("peer-keys"));
		var trips = credentials("trips", "trip", dir.resolve("peer-keys"));
		var token = token(search);

		assertThat(PeerCredentials.presentedByPeer(token)).isTrue();
		var verified = trips.verifySignature(token);
		assertThat(trips.claims().validate(verified).hasErrors()).isFalse();
		assertThat(PeerCredentials.deploymentOf(verified)).contains("search");
		assertThat(verified.getSubject()).isEqualTo("deployment:search");
		assertThat(audited).isEmpty();
	}

	@Test
	void aDeploymentStartedLaterIsBelievedWithoutARestart() {
		var clock = new MovableClock(Instant.now());
		var trips = new PeerCredentials(settings("trips", dir.resolve("peer-keys"), dir.resolve("trips/key.pem")
			.toString()), LocalModules.of(MODULES, List.of("trip")), platform(dir.resolve("trips")), audit, clock);
		var later = credentials("search", "search", dir.resolve("peer-keys"));
		clock.advance(Duration.ofSeconds(2));

		assertThat(PeerCredentials.deploymentOf(trips.verifySignature(token(later)))).contains("search");
	}

	@Test
	void aCredentialSignedWithAKeyNotFiledForTheDeploymentItNamesIsRefusedAndAuditedOnce() {
		credentials("search", "search", dir.resolve("peer-keys"));
		var trips = credentials("trips", "trip", dir.resolve("peer-keys"));
		// a process with a key of its own that says it is search
		var impostor = credentials("search", "search", dir.resolve("elsewhere"), dir.resolve("impostor"));
		var token = token(impostor);

		assertThatThrownBy(() -> trips.verifySignature(token)).isInstanceOf(BadJwtException.class)
			.hasMessageContaining("not filed for deployment search");
		assertThatThrownBy(() -> trips.verifySignature(token(impostor))).isInstanceOf(BadJwtException.class);
		assertThat(audited).containsExactly("peer-credential-refused deployment:search unknown-key");
	}

	@Test
	void credentialsNamingDeploymentsWithNoKeyFiledAreAuditedTogether() {
		var trips = credentials("trips", "trip", dir.resolve("peer-keys"));
		for (var made : java.util.List.of("aaa", "bbb", "ccc")) {
			var impostor = credentials(made, "search", dir.resolve("elsewhere"), dir.resolve(made));
			assertThatThrownBy(() -> trips.verifySignature(token(impostor))).isInstanceOf(BadJwtException.class);
		}
		assertThat(audited).containsExactly("peer-credential-refused deployment:(unknown) unknown-key");
	}

	@Test
	void theKeyOfOneDeploymentCannotSpeakForAnother() throws Exception {
		var search = credentials("search", "search", dir.resolve("peer-keys"));
		var trips = credentials("trips", "trip", dir.resolve("peer-keys"));
		var now = Instant.now();
		var claims = JwtClaimsSet.builder().issuer("deployment:identity").subject("deployment:identity")
			.audience(List.of("module:trip")).issuedAt(now).expiresAt(now.plusSeconds(300)).build();
		var token = search.encoder().encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256)
			.keyId(search.keyId()).build(), claims)).getTokenValue();

		assertThatThrownBy(() -> trips.verifySignature(token)).isInstanceOf(BadJwtException.class)
			.hasMessageContaining("issuer");
		assertThat(audited).containsExactly("peer-credential-refused deployment:search wrong-issuer");
	}

	@Test
	void aTamperedCredentialIsRefused() {
		var token = token(credentials("search", "search", dir.resolve("peer-keys")));
		var trips = credentials("trips", "trip", dir.resolve("peer-keys"));
		var parts = token.split("\\.");
		// the same header and claims, one bit of the signature changed
		var signature = java.util.Base64.getUrlDecoder().decode(parts[2]);
		signature[signature.length / 2] ^= 1;
		var tampered = parts[0] + "." + parts[1] + "."
				+ java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(signature);

		assertThatThrownBy(() -> trips.verifySignature(tampered)).isInstanceOf(BadJwtException.class);
		assertThat(audited).containsExactly("peer-credential-refused deployment:search bad-signature");
	}

	@Test
	void anExpiredCredentialOrOneNotMeantForPeersFailsItsClaims() {
		var search = credentials("search", "search", dir.resolve("peer-keys"));
		var trips = credentials("trips", "trip", dir.resolve("peer-keys"));
		var old = new PeerToken(search, "trip", Duration.ofMinutes(2),
				Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC)).value();
		assertThat(trips.claims().validate(trips.verifySignature(old)).hasErrors()).isTrue();

		var now = Instant.now();
		var elsewhere = JwtClaimsSet.builder().issuer("deployment:search").subject("deployment:search")
			.audience(List.of("another-service")).issuedAt(now).expiresAt(now.plusSeconds(300)).build();
		var token = search.encoder().encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256)
			.keyId(search.keyId()).build(), elsewhere)).getTokenValue();
		assertThat(trips.claims().validate(trips.verifySignature(token)).hasErrors()).isTrue();
	}

	@Test
	void aCredentialForAModuleTheDeploymentDoesNotRunFailsItsClaims() {
		var search = credentials("search", "search", dir.resolve("peer-keys"));
		var trips = credentials("trips", "trip", dir.resolve("peer-keys"));
		var forPayments = new PeerToken(search, "payment", Duration.ofMinutes(5), Clock.systemUTC()).value();
		assertThat(trips.claims().validate(trips.verifySignature(forPayments)).hasErrors()).isTrue();
	}

	@Test
	void aCredentialWithoutExpiryOrLivingLongerThanOneMayFailsItsClaims() {
		var search = credentials("search", "search", dir.resolve("peer-keys"));
		var trips = credentials("trips", "trip", dir.resolve("peer-keys"));
		var now = Instant.now();
		for (var claims : List.of(
				JwtClaimsSet.builder().issuer("deployment:search").subject("deployment:search")
					.audience(List.of("module:trip")).issuedAt(now).build(),
				JwtClaimsSet.builder().issuer("deployment:search").subject("deployment:search")
					.audience(List.of("module:trip")).issuedAt(now).expiresAt(now.plus(Duration.ofDays(365))).build())) {
			var token = search.encoder().encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256)
				.keyId(search.keyId()).build(), claims)).getTokenValue();
			assertThat(trips.claims().validate(trips.verifySignature(token)).hasErrors()).isTrue();
		}
	}

	@Test
	void aKeyNoLongerFiledIsNoLongerBelieved() throws Exception {
		var keys = dir.resolve("peer-keys");
		var search = credentials("search", "search", keys);
		var clock = new MovableClock(Instant.now());
		var trips = new PeerCredentials(settings("trips", keys, dir.resolve("trips/key.pem").toString()),
				LocalModules.of(MODULES, List.of("trip")), platform(dir.resolve("trips")), audit, clock);
		var token = token(search);
		assertThat(PeerCredentials.deploymentOf(trips.verifySignature(token))).contains("search");

		Files.delete(keys.resolve("search.pem"));
		clock.advance(Duration.ofSeconds(31));
		assertThatThrownBy(() -> trips.verifySignature(token)).isInstanceOf(BadJwtException.class);
	}

	@Test
	void aReplacedKeyIsBelievedBesideTheOldOneWhileBothAreFiled() throws Exception {
		var keys = dir.resolve("peer-keys");
		var before = credentials("search", "search", keys, dir.resolve("search-before"));
		var after = credentials("search", "search", keys, dir.resolve("search-after"));
		var trips = credentials("trips", "trip", keys);

		assertThat(RsaKeyFile.publicKeys(Files.readString(keys.resolve("search.pem")))).hasSize(2);
		assertThat(PeerCredentials.deploymentOf(trips.verifySignature(token(before)))).contains("search");
		assertThat(PeerCredentials.deploymentOf(trips.verifySignature(token(after)))).contains("search");
	}

	@Test
	void theSingleJarHoldsNoKeyAndTakesNoPeersCall() {
		var single = new PeerCredentials(settings("yuelv", dir.resolve("peer-keys"), ""), LocalModules.of(MODULES,
				List.of()), platform(dir.resolve("single")), audit, Clock.systemUTC());
		var token = token(credentials("search", "search", dir.resolve("peer-keys")));

		assertThatThrownBy(() -> single.verifySignature(token)).isInstanceOf(BadJwtException.class);
		assertThat(dir.resolve("single/keys")).doesNotExist();
	}

	@Test
	void onlyAHeaderNamingADeploymentKeyPresentsAPeer() {
		assertThat(PeerCredentials.presentedByPeer("not a token")).isFalse();
		assertThat(PeerCredentials.presentedByPeer("%%%.e30.x")).isFalse();
		// {"alg":"RS256","kid":"1a2b"}: an account's access token
		assertThat(PeerCredentials.presentedByPeer("eyJhbGciOiJSUzI1NiIsImtpZCI6IjFhMmIifQ.e30.x")).isFalse();
	}

	private PeerCredentials credentials(String deployment, String module, Path peerKeys) {
		return credentials(deployment, module, peerKeys, dir.resolve(deployment));
	}

	private PeerCredentials credentials(String deployment, String module, Path peerKeys, Path data) {
		return new PeerCredentials(settings(deployment, peerKeys, data.resolve("key.pem").toString()),
				LocalModules.of(MODULES, List.of(module)), platform(data), audit, Clock.systemUTC());
	}

	private static PeerSettings settings(String deployment, Path peerKeys, String keyFile) {
		return new PeerSettings(deployment, List.of(), Map.of(), Duration.ofMillis(500), Duration.ofMillis(1500), 2,
				Duration.ofMinutes(5), new PeerSettings.Identity(keyFile, peerKeys.toString()), Map.of());
	}

	private static PlatformProperties platform(Path data) {
		return new PlatformProperties(data, DataSize.ofKilobytes(64), Map.of(), java.util.Set.of(), Map.of(),
				new PlatformProperties.Jwt("yuelv", "", "", Duration.ofSeconds(1), Duration.ofHours(1)), "",
				URI.create("http://localhost:8080"));
	}

	private static String token(PeerCredentials credentials) {
		return new PeerToken(credentials, "trip", Duration.ofMinutes(5), Clock.systemUTC()).value();
	}
}
