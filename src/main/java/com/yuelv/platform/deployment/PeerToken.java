package com.yuelv.platform.deployment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/**
 * The credential a deployment shows the deployment running one module: a short-lived token it signs with its own key
 * (see {@link PeerCredentials}), meant for that module ({@code aud} {@code module:<name>}), renewed when less than a
 * minute of it is left. Another deployment, which does not run the module, does not take it.
 */
final class PeerToken {

	private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

	private final JwtEncoder encoder;
	private final String issuer;
	private final String keyId;
	private final String audience;
	private final Duration lifetime;
	private final Clock clock;
	private @Nullable String token;
	private Instant expiresAt = Instant.MIN;

	PeerToken(PeerCredentials credentials, String module, Duration lifetime, Clock clock) {
		this.encoder = credentials.encoder();
		this.issuer = credentials.issuer();
		this.keyId = credentials.keyId();
		this.audience = PeerCredentials.audienceOf(module);
		this.lifetime = lifetime;
		this.clock = clock;
	}

	synchronized String value() {
		var now = clock.instant();
		if (token == null || now.isAfter(expiresAt.minus(RENEW_BEFORE))) {
			expiresAt = now.plus(lifetime);
			var claims = JwtClaimsSet.builder()
					.issuer(issuer)
					.subject(issuer)
					.audience(List.of(audience))
					.id(UUID.randomUUID().toString())
					.issuedAt(now)
					.expiresAt(expiresAt)
					.build();
			var header = JwsHeader.with(SignatureAlgorithm.RS256).type("JWT").keyId(keyId).build();
			token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		}
		return token;
	}
}
