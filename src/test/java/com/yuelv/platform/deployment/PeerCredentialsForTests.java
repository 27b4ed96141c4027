package com.yuelv.platform.deployment;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.ApplicationContext;

/** The credential a running deployment shows its peers, for tests that call an internal API themselves. */
public final class PeerCredentialsForTests {

	private PeerCredentialsForTests() {
	}

	/** The credential the deployment shows the deployment running the module. */
	public static String credentialOf(ApplicationContext deployment, String module) {
		return new PeerToken(deployment.getBean(PeerCredentials.class), module, Duration.ofMinutes(5),
				Clock.systemUTC()).value();
	}
}
