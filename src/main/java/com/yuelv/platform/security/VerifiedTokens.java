package com.yuelv.platform.security;

import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Checks an access token's signature once, not on every request that carries it. A client sends the same token with
 * each request until it expires, and the RSA verification is the dearest step of reading it.
 * <p>
 * Only tokens whose signature held are kept, so a forged token is verified, and refused, every time. The claims are
 * validated on every use, cached or not: a kept token stops being accepted the moment it expires, exactly as an
 * uncached one would. An entry outlives its token by no more than the validators' clock skew, and the number of
 * entries is bounded, so a burst of sign-ins cannot grow the cache without limit.
 */
final class VerifiedTokens implements JwtDecoder {

	/** The validators' allowance for clocks that disagree (Spring Security's default). */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
	/** How long a token without an expiry may stay; access tokens of this platform always carry one. */
	private static final Duration WITHOUT_EXPIRY = Duration.ofMinutes(15);

	private final JwtDecoder signatureCheck;
	private final OAuth2TokenValidator<Jwt> validator;
	private final Cache<String, Jwt> verified;

	/**
	 * @param signatureCheck parses a token and verifies its signature, without validating its claims
	 * @param validator the claims' validation, applied to every token this decoder returns
	 * @param maximumSize how many verified tokens are kept at most
	 */
	VerifiedTokens(JwtDecoder signatureCheck, OAuth2TokenValidator<Jwt> validator, long maximumSize) {
		this.signatureCheck = signatureCheck;
		this.validator = validator;
		this.verified = Caffeine.newBuilder()
				.maximumSize(maximumSize)
				.expireAfter(Expiry.creating((String token, Jwt jwt) -> lifetime(jwt)))
				.build();
	}

	@Override
	public Jwt decode(String token) {
		var jwt = verified.get(token, signatureCheck::decode);
		var result = validator.validate(jwt);
		if (result.hasErrors()) {
			var description = result.getErrors().stream().map(OAuth2Error::getDescription)
					.filter(text -> text != null && !text.isBlank()).findFirst().orElse("the token is not valid");
			throw new JwtValidationException("An error occurred while attempting to decode the Jwt: " + description,
					result.getErrors());
		}
		return jwt;
	}

	/** How many verified tokens are kept now. */
	long size() {
		verified.cleanUp();
		return verified.estimatedSize();
	}

	private static Duration lifetime(Jwt jwt) {
		if (jwt.getExpiresAt() == null) {
			return WITHOUT_EXPIRY;
		}
		var left = Duration.between(Instant.now(), jwt.getExpiresAt().plus(CLOCK_SKEW));
		return left.isNegative() ? Duration.ZERO : left;
	}
}
