package com.yuelv.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.junit.jupiter.api.io.TempDir;

import com.yuelv.platform.RsaKeyFile;

/**
 * A deployment holds the access tokens' private key, or only their public half and then cannot sign; tokens are verified
 * with it and the keys filed for verification.
 */
class AccessTokenKeyTests {

	@TempDir Path dir;

	@Test
	void aMissingKeyIsMadeWholeAsInEmbeddedMode() {
		var key = AccessTokenKey.read(dir.resolve("keys/jwt.pem"));
		assertThat(key.privateKey()).isNotNull();
		assertThat(key.signingKey(dir.resolve("keys/jwt.pem"))).isEqualTo(key.privateKey());
	}

	@Test
	void thePublicHalfVerifiesUnderTheSameKeyIdAndCannotSign() throws Exception {
		var whole = RsaKeyFile.loadOrCreate(dir.resolve("jwt.pem"));
		Files.writeString(dir.resolve("public.pem"), whole.publicPem());

		var half = AccessTokenKey.read(dir.resolve("public.pem"));
		assertThat(half.publicKey()).isEqualTo(whole.publicKey());
		assertThat(half.keyId()).isEqualTo(whole.keyId());
		assertThat(half.privateKey()).isNull();
		assertThatThrownBy(() -> half.signingKey(dir.resolve("public.pem"))).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("yuelv.jwt.key-file").hasMessageContaining("holds only the public key");
	}

	/**
	 * A key rotation: the next key is filed for verification before it signs, then signs while the previous one is
	 * filed until its tokens have expired. Throughout, a token of either key is good and the key set names both.
	 */
	@Test
	void tokensOfTheKeysFiledForVerificationStayGoodThroughARotation() throws Exception {
		var previous = RsaKeyFile.loadOrCreate(dir.resolve("previous.pem"));
		var next = RsaKeyFile.loadOrCreate(dir.resolve("next.pem"));
		var stranger = RsaKeyFile.loadOrCreate(dir.resolve("stranger.pem"));
		Files.writeString(dir.resolve("verification.pem"), previous.publicPem() + next.publicPem());

		var signing = AccessTokenKey.read(dir.resolve("next.pem"));
		var verification = signing.verificationKeys(dir.resolve("verification.pem").toString());
		assertThat(verification).as("the signing key itself is left out").containsExactly(previous.publicKey());
		var keys = SecurityConfiguration.publicKeys(signing, verification);
		var decoder = NimbusJwtDecoder.withJwkSource(keys).build();

		assertThat(decoder.decode(token(next)).getSubject()).isEqualTo("someone");
		assertThat(decoder.decode(token(previous)).getSubject()).isEqualTo("someone");
		assertThatThrownBy(() -> decoder.decode(token(stranger))).isInstanceOf(JwtException.class);
		var published = keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
		assertThat(published).extracting(JWK::getKeyID).containsExactly(next.keyId(), previous.keyId());
		assertThat(published).noneMatch(JWK::isPrivate);
	}

	@Test
	void aVerificationFileOfAnythingButPublicKeysIsRefusedByNameAndNoneIsNoKeys() throws Exception {
		var signing = AccessTokenKey.read(dir.resolve("jwt.pem"));
		Files.writeString(dir.resolve("junk.pem"), "not a key");
		assertThatThrownBy(() -> signing.verificationKeys(dir.resolve("junk.pem").toString()))
			.isInstanceOf(IllegalStateException.class).hasMessageContaining("yuelv.jwt.verification-keys-file")
			.hasMessageContaining("junk.pem");
		Files.writeString(dir.resolve("empty.pem"), "\n");
		assertThat(signing.verificationKeys(dir.resolve("empty.pem").toString())).isEmpty();
		assertThat(signing.verificationKeys(dir.resolve("missing.pem").toString())).isEmpty();
		assertThat(signing.verificationKeys("")).isEmpty();
	}

	private static String token(RsaKeyFile key) {
		var jwk = new RSAKey.Builder(key.publicKey()).privateKey(key.privateKey()).keyID(key.keyId()).build();
		var encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
		var now = Instant.now();
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.keyId())
				.build(), JwtClaimsSet.builder().subject("someone").issuedAt(now).expiresAt(now.plusSeconds(60)).build()))
				.getTokenValue();
	}

	@Test
	void aFileWithNeitherIsRefusedByName() throws Exception {
		Files.writeString(dir.resolve("junk.pem"), "not a key");
		assertThatThrownBy(() -> AccessTokenKey.read(dir.resolve("junk.pem"))).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("junk.pem");
	}
}
