package com.yuelv.platform.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code yuelv.password-hashing.*}: how many password hashes a replica works on at once. Each Argon2
 * hash holds 16 MiB of heap and a core for as long as it runs, so the heap a deployment is given
 * ({@code split-config}) counts on this bound.
 *
 * @param concurrency hashes at once; 0 for as many as the JVM has processors (its container's CPU limit)
 * @param maxWait how long a sign-in, registration or password change waits for its turn before it is refused as
 *        overloaded (503 with {@code Retry-After})
 */
@ConfigurationProperties("yuelv.password-hashing")
record PasswordHashingSettings(@DefaultValue("0") int concurrency, @DefaultValue("10s") Duration maxWait) {

	PasswordHashingSettings {
		if (concurrency < 0 || concurrency > 64) {
			throw new IllegalArgumentException(
					"yuelv.password-hashing.concurrency must be between 0 (one per processor) and 64, not " + concurrency);
		}
		if (maxWait.isNegative()) {
			throw new IllegalArgumentException("yuelv.password-hashing.max-wait must not be negative");
		}
	}

	/** The bound in effect. */
	int slots() {
		return concurrency == 0 ? Runtime.getRuntime().availableProcessors() : concurrency;
	}
}
