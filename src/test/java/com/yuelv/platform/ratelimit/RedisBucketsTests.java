package com.yuelv.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Redis that takes connections and never answers: the first request waits out one connect, and the requests that
 * queued behind it are limited locally at once instead of each waiting out a connect of its own.
 */
class RedisBucketsTests {

	@Test
	@Timeout(30)
	void requestsQueuedBehindAFailingConnectFallBackWithoutConnectingThemselves() throws Exception {
		List<Socket> accepted = new CopyOnWriteArrayList<>();
		try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			var acceptor = Thread.ofPlatform().daemon().start(() -> {
				while (!silent.isClosed()) {
					try {
						accepted.add(silent.accept());
					}
					catch (IOException closed) {
						return;
					}
				}
			});
			var buckets = new RedisBuckets("redis://127.0.0.1:" + silent.getLocalPort(), "test:",
					new SimpleMeterRegistry());
			try (var requests = Executors.newFixedThreadPool(8)) {
				var limit = new RateLimitSettings.Limit(5, Duration.ofMinutes(1));
				var probes = new ArrayList<Future<ConsumptionProbe>>();
				for (int i = 0; i < 8; i++) {
					var key = "client-" + i;
					probes.add(requests.submit(() -> buckets.take(key, limit)));
				}
				for (var probe : probes) {
					assertThat(probe.get(20, TimeUnit.SECONDS).isConsumed()).isTrue();
				}
			}
			finally {
				buckets.destroy();
			}
			assertThat(accepted).as("connections Redis was asked for").hasSize(1);
			silent.close();
			acceptor.join();
		}
		finally {
			for (var socket : accepted) {
				socket.close();
			}
		}
	}
}
