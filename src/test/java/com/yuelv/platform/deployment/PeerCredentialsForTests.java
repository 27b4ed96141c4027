package com.yuelv.platform.deployment;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.ApplicationContext;

/** The credential a running deployment shows its peers, for tests that call an internal API themselves. */
public final class PeerCredentialsForTests {

	private PeerCredentialsForTests() {
	}

	public static String credentialOf(ApplicationContext deployment) {
		return new PeerToken(deployment.getBean(PeerCredentials.class), Duration.ofMinutes(5), Clock.systemUTC())
			.value();
	}
}
