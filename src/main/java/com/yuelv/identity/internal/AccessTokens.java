package com.yuelv.identity.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

import com.yuelv.shared.TokenRevocations;

/**
 * Mints RS256-signed access tokens (JOSE type {@code JWT}): subject is the user id, {@code roles} the account's roles, {@code sid} the login
 * and {@code gen} the account's token generation (see {@link TokenRevocations}).
 */
@Component
class AccessTokens {

	/**
	 * The JOSE type of access tokens, which tells them from the ID tokens signed with the same key (those have none).
	 * {@code JWT}, which every release takes, rather than RFC 9068's {@code at+jwt}, which releases before this one
	 * refuse: a stable release and a canary run side by side.
	 */
	static final String ACCESS_TOKEN_TYPE = "JWT";
	/** The claim that carries the account's roles. */
	static final String ROLES_CLAIM = "roles";

	private final JwtEncoder encoder;
	private final IdentitySettings settings;

	AccessTokens(JwtEncoder encoder, IdentitySettings settings) {
		this.encoder = encoder;
		this.settings = settings;
	}

	/**
	 * @param familyId the login the token belongs to, named in {@value TokenRevocations#SESSION_CLAIM} so that
	 *     revoking the login stops it
	 */
	String issue(Account account, UUID familyId, Instant now) {
		var claims = JwtClaimsSet.builder()
				.issuer(settings.issuer())
				.subject(account.userId().toString())
				.id(UUID.randomUUID().toString())
				.issuedAt(now)
				.expiresAt(now.plus(settings.accessTokenTtl()))
				.claim(ROLES_CLAIM, account.roles().stream().map(Enum::name).sorted().toList())
				.claim(TokenRevocations.SESSION_CLAIM, familyId.toString())
				.claim(TokenRevocations.GENERATION_CLAIM, account.tokenGeneration())
				.build();
		var header = JwsHeader.with(SignatureAlgorithm.RS256).type(ACCESS_TOKEN_TYPE).build();
		return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}
}
