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
 * The credential a deployment shows its peers: a short-lived access token signed with the key every deployment
 * shares, carrying the role {@value PeerClients#PEER_ROLE} that only peers hold (no account can have it). Renewed when
 * less than a minute of it is left.
 */
final class PeerToken {

	private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

	private final JwtEncoder encoder;
	private final String issuer;
	private final String subject;
	private final Duration lifetime;
	private final Clock clock;
	private @Nullable String token;
	private Instant expiresAt = Instant.MIN;

	PeerToken(JwtEncoder encoder, String issuer, LocalModules modules, Duration lifetime, Clock clock) {
		this.encoder = encoder;
		this.issuer = issuer;
		this.subject = "peer:" + String.join("+", modules.local());
		this.lifetime = lifetime;
		this.clock = clock;
	}

	synchronized String value() {
		var now = clock.instant();
		if (token == null || now.isAfter(expiresAt.minus(RENEW_BEFORE))) {
			expiresAt = now.plus(lifetime);
			var claims = JwtClaimsSet.builder()
					.issuer(issuer)
					.subject(subject)
					.id(UUID.randomUUID().toString())
					.issuedAt(now)
					.expiresAt(expiresAt)
					.claim("roles", List.of(PeerClients.PEER_ROLE))
					.build();
			var header = JwsHeader.with(SignatureAlgorithm.RS256).type("JWT").build();
			token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		}
		return token;
	}
}
