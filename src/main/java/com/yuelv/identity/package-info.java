/**
 * Identity: accounts with an email and an Argon2id password hash, profiles (display name, home city, languages,
 * interests, bio), roles (traveler, admin), and sessions made of a short-lived signed JWT access token and a rotating
 * refresh token whose reuse revokes its whole family. Announces {@link com.yuelv.identity.AccountRegistered}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
@org.jspecify.annotations.NullMarked
package com.yuelv.identity;
