package com.yuelv.identity.internal;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity settings, under {@code yuelv.identity.*}.
 *
 * @param issuer the {@code iss} claim of access tokens; must equal {@code yuelv.jwt.issuer}, which verifies them
 * @param accessTokenTtl how long an access token is valid
 * @param refreshTokenTtl how long a refresh token may be used
 * @param adminEmails accounts registered with these emails are given the admin role
 */
@ConfigurationProperties("yuelv.identity")
record IdentitySettings(
		@DefaultValue("yuelv") String issuer,
		@DefaultValue("15m") Duration accessTokenTtl,
		@DefaultValue("30d") Duration refreshTokenTtl,
		@DefaultValue Set<String> adminEmails) {}
