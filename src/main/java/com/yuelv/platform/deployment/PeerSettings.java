package com.yuelv.platform.deployment;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code yuelv.split.*}: which modules this deployment runs and how it reaches the others.
 *
 * @param deployment the name of this deployment in its topology ({@code yuelv} for the single JAR), which its metrics
 *        and traces carry
 * @param modules the modules of this deployment (see {@link LocalModules}); empty for all of them
 * @param peers the base URL of the deployment running each module this one does not, by module
 *        ({@code yuelv.split.peers.trip=http://trips:8080})
 * @param connectTimeout how long a call to a peer may take to connect
 * @param readTimeout how long a call to a peer may wait for its answer
 * @param attempts how many times a call is tried when the peer cannot be reached or answers 502, 503 or 504: a read
 *        as it is, a write with the same {@code Idempotency-Key}, so that the peer does it once (a write whose first
 *        attempt the peer is still working on is tried again too). All attempts together, with their timeouts, must
 *        fit in the time limit of the dependency's guard ({@code yuelv.resilience.dependencies.<module>.timeout}, 5 s
 *        for trip and identity)
 * @param tokenLifetime how long the credential a deployment shows its peers is valid
 * @param identity the key this deployment signs its credential with, and where the peers' public keys are
 * @param grants the scopes of this deployment's internal APIs each other deployment may call, by its name
 *        ({@code yuelv.split.grants.search=trip:read}; see {@link InternalScopes}), which the split build derives from
 *        the calls of the modules each deployment runs; a deployment not named may call none
 */
@ConfigurationProperties("yuelv.split")
record PeerSettings(@DefaultValue("yuelv") String deployment, @DefaultValue List<String> modules,
		@DefaultValue Map<String, URI> peers, @DefaultValue("500ms") Duration connectTimeout,
		@DefaultValue("1500ms") Duration readTimeout, @DefaultValue("2") int attempts,
		@DefaultValue("5m") Duration tokenLifetime, @DefaultValue Identity identity,
		@DefaultValue Map<String, List<String>> grants) {

	/**
	 * A deployment's own identity among its peers ({@code yuelv.split.identity.*}).
	 *
	 * @param keyFile PKCS#8 PEM file with this deployment's RSA key, which only its replicas hold; created when
	 *        missing; {@code <data-dir>/keys/deployment-key.pem} when blank
	 * @param peerKeys directory with each deployment's public keys, one file per deployment ({@code trips.pem}),
	 *        each with one {@code PUBLIC KEY} block per key in use (two while a key is replaced); a writable directory
	 *        gets this deployment's public key added at start; {@code <data-dir>/keys/peers} when blank
	 */
	record Identity(@DefaultValue("") String keyFile, @DefaultValue("") String peerKeys) {}

	PeerSettings {
		if (attempts < 1 || attempts > 5) {
			throw new IllegalArgumentException("yuelv.split.attempts must be between 1 and 5, not " + attempts);
		}
		if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
				|| readTimeout.isZero()) {
			throw new IllegalArgumentException("yuelv.split.connect-timeout and read-timeout must be positive");
		}
		if (tokenLifetime.compareTo(Duration.ofMinutes(2)) < 0) {
			throw new IllegalArgumentException("yuelv.split.token-lifetime must be at least 2m, not " + tokenLifetime);
		}
	}
}
