package com.yuelv.identity.internal;

import java.time.Instant;

import com.yuelv.shared.UserId;

/**
 * The tokens handed out by a login or a refresh.
 */
public record Session(UserId userId, String accessToken, Instant accessTokenExpiresAt, String refreshToken,
		Instant refreshTokenExpiresAt) {}
