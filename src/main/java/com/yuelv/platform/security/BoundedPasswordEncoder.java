package com.yuelv.platform.security;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.yuelv.shared.Rejection;

/**
 * A password encoder that works on so many hashes at once and lets the others wait their turn, first come first
 * served. A hash is slow and memory-hard on purpose (Argon2: 16 MiB and a core each); a burst of sign-ins, unbounded,
 * would run hundreds at once and take the heap, when more than one per core makes none faster. A caller that waited
 * {@code maxWait} is refused as overloaded (503 with {@code Retry-After}).
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

	private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

	private final PasswordEncoder hashing;
	private final Semaphore slots;
	private final Duration maxWait;

	BoundedPasswordEncoder(PasswordEncoder hashing, int slots, Duration maxWait) {
		this.hashing = hashing;
		this.slots = new Semaphore(slots, true);
		this.maxWait = maxWait;
	}

	@Override
	public @Nullable String encode(@Nullable CharSequence rawPassword) {
		return inTurn(() -> hashing.encode(rawPassword));
	}

	@Override
	public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
		return inTurn(() -> hashing.matches(rawPassword, encodedPassword));
	}

	@Override
	public boolean upgradeEncoding(@Nullable String encodedPassword) {
		// reads the hash's parameters; computes nothing
		return hashing.upgradeEncoding(encodedPassword);
	}

	/** Hashes waiting for their turn. */
	int waiting() {
		return slots.getQueueLength();
	}

	private <T> T inTurn(Supplier<T> hash) {
		try {
			if (!slots.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
				throw busy();
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw busy();
		}
		try {
			return hash.get();
		}
		finally {
			slots.release();
		}
	}

	private static Rejection busy() {
		return Rejection.unavailable("overloaded",
				"Too many passwords are being checked right now; try again in a few seconds.", RETRY_AFTER);
	}
}
