package com.yuelv.identity.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * Mints RS256-signed access tokens: subject is the user id, {@code roles} the account's roles.
 */
@Component
class AccessTokens {

	private final JwtEncoder encoder;
	private final IdentitySettings settings;

	AccessTokens(JwtEncoder encoder, IdentitySettings settings) {
		this.encoder = encoder;
		this.settings = settings;
	}

	String issue(Account account, Instant now) {
		var claims = JwtClaimsSet.builder()
				.issuer(settings.issuer())
				.subject(account.userId().toString())
				.id(UUID.randomUUID().toString())
				.issuedAt(now)
				.expiresAt(now.plus(settings.accessTokenTtl()))
				.claim("roles", account.roles().stream().map(Enum::name).sorted().toList())
				.build();
		var header = JwsHeader.with(SignatureAlgorithm.RS256).type("JWT").build();
		return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}
}
