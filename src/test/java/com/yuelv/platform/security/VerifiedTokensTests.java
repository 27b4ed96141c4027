package com.yuelv.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.yuelv.MovableClock;

class VerifiedTokensTests {

	private final Instant start = Instant.now();
	private final MovableClock clock = new MovableClock(start);
	private final AtomicInteger signatureChecks = new AtomicInteger();
	private final RSAKey key = rsaKey();
	private final VerifiedTokens tokens = decoder(key, 100);

	@Test
	void checksASignatureOnceAndTheClaimsOnEveryUse() {
		var token = token(key, "yuelv", Duration.ofMinutes(15));

		var first = tokens.decode(token);
		var second = tokens.decode(token);

		assertThat(first.getSubject()).isEqualTo("traveler-1");
		assertThat(second.getTokenValue()).isEqualTo(token);
		assertThat(signatureChecks).hasValue(1);

		clock.set(start.plus(Duration.ofMinutes(17)));
		assertThatThrownBy(() -> tokens.decode(token)).as("expired while kept")
				.isInstanceOf(JwtValidationException.class).hasMessageContaining("expired");
		assertThat(signatureChecks).hasValue(1);
	}

	@Test
	void refusesAForgedTokenEveryTimeAndKeepsNothingOfIt() {
		var forged = token(rsaKey(), "yuelv", Duration.ofMinutes(15));

		for (int attempt = 0; attempt < 2; attempt++) {
			assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(BadJwtException.class)
					.isNotInstanceOf(JwtValidationException.class);
		}
		assertThat(signatureChecks).hasValue(2);
		assertThat(tokens.size()).isZero();
	}

	@Test
	void refusesAWellSignedTokenWhoseClaimsDoNotHoldWithoutKeepingItLongerThanItsLife() {
		var foreign = token(key, "elsewhere", Duration.ofMinutes(15));
		assertThatThrownBy(() -> tokens.decode(foreign)).isInstanceOf(JwtValidationException.class)
				.hasMessageContaining("iss");

		var longExpired = token(key, "yuelv", Duration.ofMinutes(-30));
		assertThatThrownBy(() -> tokens.decode(longExpired)).isInstanceOf(JwtValidationException.class);
		assertThatThrownBy(() -> tokens.decode(longExpired)).isInstanceOf(JwtValidationException.class);
		assertThat(signatureChecks).as("a token past its skew is not kept").hasValue(3);
	}

	@Test
	void keepsNoMoreTokensThanItsBound() {
		var bounded = decoder(key, 3);
		for (int i = 0; i < 20; i++) {
			bounded.decode(token(key, "yuelv", Duration.ofMinutes(15 + i)));
		}
		assertThat(bounded.size()).isLessThanOrEqualTo(3);
	}

	private VerifiedTokens decoder(RSAKey signingKey, long maximumSize) {
		NimbusJwtDecoder nimbus;
		try {
			nimbus = NimbusJwtDecoder.withPublicKey(signingKey.toRSAPublicKey()).build();
		}
		catch (com.nimbusds.jose.JOSEException e) {
			throw new IllegalStateException(e);
		}
		nimbus.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
		JwtDecoder counting = token -> {
			signatureChecks.incrementAndGet();
			return nimbus.decode(token);
		};
		var timestamps = new JwtTimestampValidator(VerifiedTokens.CLOCK_SKEW);
		timestamps.setClock(clock);
		return new VerifiedTokens(counting,
				new DelegatingOAuth2TokenValidator<Jwt>(timestamps, new JwtIssuerValidator("yuelv")), maximumSize);
	}

	/** A token that lives for 15 minutes and expires the given time after the test's start. */
	private String token(RSAKey signingKey, String issuer, Duration expiresIn) {
		var expiresAt = start.plus(expiresIn);
		var claims = JwtClaimsSet.builder().issuer(issuer).subject("traveler-1")
				.issuedAt(expiresAt.minus(Duration.ofMinutes(15))).expiresAt(expiresAt).build();
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)))
				.encode(JwtEncoderParameters.from(claims)).getTokenValue();
	}

	private static RSAKey rsaKey() {
		try {
			var generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			var pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
					.keyID("test").build();
		}
		catch (java.security.GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}
}
