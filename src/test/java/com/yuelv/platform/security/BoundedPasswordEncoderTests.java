package com.yuelv.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.yuelv.shared.Rejection;

class BoundedPasswordEncoderTests {

	/** Counts the hashes under way and the most seen at once; each waits for {@code release}. */
	static final class SlowHashing implements PasswordEncoder {

		final AtomicInteger running = new AtomicInteger();
		final AtomicInteger most = new AtomicInteger();
		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public String encode(CharSequence rawPassword) {
			var now = running.incrementAndGet();
			most.accumulateAndGet(now, Math::max);
			try {
				release.await(10, TimeUnit.SECONDS);
				return "hash:" + rawPassword;
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
			finally {
				running.decrementAndGet();
			}
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			return encode(rawPassword).equals(encodedPassword);
		}
	}

	@Test
	void noMoreHashesRunAtOnceThanItsSlotsAndTheOthersWaitTheirTurn() throws Exception {
		var hashing = new SlowHashing();
		var encoder = new BoundedPasswordEncoder(hashing, 2, Duration.ofSeconds(10));
		try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
			var answers = new ArrayList<Future<String>>();
			for (int i = 0; i < 12; i++) {
				var password = "password " + i;
				answers.add(callers.submit(() -> encoder.encode(password)));
			}
			while (encoder.waiting() < 10) {
				Thread.sleep(5);
			}
			assertThat(hashing.running.get()).isEqualTo(2);
			hashing.release.countDown();
			for (int i = 0; i < answers.size(); i++) {
				assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("hash:password " + i);
			}
		}
		assertThat(hashing.most.get()).isEqualTo(2);
		assertThat(encoder.waiting()).isZero();
	}

	@Test
	void aCallerThatWaitedTooLongIsRefusedAsOverloadedAndTheSlotStaysFree() throws Exception {
		var hashing = new SlowHashing();
		var encoder = new BoundedPasswordEncoder(hashing, 1, Duration.ofMillis(50));
		try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
			var first = callers.submit(() -> encoder.matches("secret", "hash:secret"));
			while (hashing.running.get() == 0) {
				Thread.sleep(5);
			}

			assertThatThrownBy(() -> encoder.matches("secret", "hash:secret"))
					.isInstanceOfSatisfying(Rejection.class, rejection -> {
						assertThat(rejection.kind()).isEqualTo(Rejection.Kind.UNAVAILABLE);
						assertThat(rejection.problemType()).isEqualTo("overloaded");
					});

			hashing.release.countDown();
			assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
		}
		// the refused caller took no slot: the next one hashes at once
		assertThat(encoder.matches("other", "hash:other")).isTrue();
	}

	@Test
	void aHashThatFailsGivesItsSlotBack() {
		var failing = new PasswordEncoder() {
			@Override
			public String encode(CharSequence rawPassword) {
				throw new IllegalArgumentException("no");
			}

			@Override
			public boolean matches(CharSequence rawPassword, String encodedPassword) {
				return true;
			}
		};
		var encoder = new BoundedPasswordEncoder(failing, 1, Duration.ZERO);

		assertThatThrownBy(() -> encoder.encode("x")).isInstanceOf(IllegalArgumentException.class);
		assertThat(encoder.matches("x", "y")).isTrue();
	}
}
