package com.yuelv.platform.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.yuelv.platform.RsaKeyFile;

/**
 * The public keys of the deployments of a split, read from a directory with one PEM file per deployment
 * ({@code trips.pem}) holding a {@code PUBLIC KEY} block for each key the deployment may sign with: its current one,
 * and while the key is replaced the next or the previous. The directory is read again every half minute, and when a
 * token names a key not known yet (at most once a second), so that a deployment started or given a new key is
 * believed, and a key removed is not, without a restart.
 * A key is only ever looked up among the files read, never by a path made from a token.
 */
final class PeerKeys {

	private static final Logger LOG = LoggerFactory.getLogger(PeerKeys.class);
	/** How a deployment is named in a topology, and so its file. */
	static final Pattern DEPLOYMENT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
	private static final Duration REREAD_AFTER = Duration.ofSeconds(1);
	private static final long REFRESH_SECONDS = 30;
	private static final Duration REFRESH_EVERY = Duration.ofSeconds(REFRESH_SECONDS);
	private static final String SUFFIX = ".pem";

	private final Path directory;
	private final Clock clock;
	private volatile Map<String, Map<String, RSAPublicKey>> keys = Map.of();
	private volatile Instant readAt = Instant.MIN;

	PeerKeys(Path directory, Clock clock) {
		this.directory = directory;
		this.clock = clock;
	}

	/**
	 * The deployment's public key with the given id, if it is filed. The files are read again when they were last read
	 * {@value #REFRESH_SECONDS} seconds ago, so that a key removed (replaced, or leaked) stops being believed, and
	 * when the key is not known yet, at most once a second.
	 */
	Optional<RSAPublicKey> find(String deployment, String keyId) {
		readIfOlderThan(REFRESH_EVERY);
		var key = lookup(deployment, keyId);
		if (key.isEmpty()) {
			readIfOlderThan(REREAD_AFTER);
			key = lookup(deployment, keyId);
		}
		return key;
	}

	private void readIfOlderThan(Duration age) {
		if (clock.instant().isAfter(readAt.plus(age))) {
			synchronized (this) {
				// another thread may have read them while this one waited
				if (clock.instant().isAfter(readAt.plus(age))) {
					read();
				}
			}
		}
	}

	/** Whether any key is filed for the deployment, as last read. */
	boolean knows(String deployment) {
		return keys.containsKey(deployment);
	}

	private Optional<RSAPublicKey> lookup(String deployment, String keyId) {
		return Optional.ofNullable(keys.getOrDefault(deployment, Map.of()).get(keyId));
	}

	/** Reads every deployment's file again; a file that cannot be read is left out and said so. */
	synchronized void read() {
		readAt = clock.instant();
		var read = new HashMap<String, Map<String, RSAPublicKey>>();
		if (!Files.isDirectory(directory)) {
			keys = Map.of();
			return;
		}
		try (var files = Files.list(directory)) {
			for (var file : (Iterable<Path>) files::iterator) {
				var name = file.getFileName().toString();
				if (!name.endsWith(SUFFIX) || !DEPLOYMENT_NAME.matcher(name.substring(0, name.length() - 4)).matches()) {
					continue;
				}
				try {
					var byId = new HashMap<String, RSAPublicKey>();
					for (var key : RsaKeyFile.publicKeys(Files.readString(file, StandardCharsets.US_ASCII))) {
						byId.put(RsaKeyFile.keyIdOf(key), key);
					}
					read.put(name.substring(0, name.length() - SUFFIX.length()), Map.copyOf(byId));
				}
				catch (IOException | IllegalArgumentException unreadable) {
					LOG.warn("The peer keys in {} cannot be read, and that deployment's calls are refused: {}", file,
							unreadable.getMessage());
				}
			}
		}
		catch (IOException | RuntimeException unreadable) {
			// kept as they were: a directory being replaced (a ConfigMap's update) is read again soon
			LOG.warn("The peer keys in {} cannot be listed: {}", directory, unreadable.getMessage());
			return;
		}
		keys = Map.copyOf(read);
	}

	/**
	 * Files this deployment's public key, unless it is there already: the local runs share one writable directory in
	 * which each deployment files its own key at start. Where the directory is mounted read-only (a Kubernetes
	 * ConfigMap, which the operator fills), a key not filed there is only reported.
	 */
	void publish(String deployment, RsaKeyFile own) {
		var file = directory.resolve(deployment + SUFFIX);
		try {
			var filed = Files.exists(file) ? Files.readString(file, StandardCharsets.US_ASCII) : "";
			if (RsaKeyFile.publicKeys(filed).contains(own.publicKey())) {
				return;
			}
			Files.createDirectories(directory);
			var temporary = Files.createTempFile(directory, "." + deployment, ".tmp");
			Files.writeString(temporary, filed + own.publicPem(), StandardCharsets.US_ASCII);
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			LOG.info("Filed the public key {} of deployment {} in {}", own.keyId(), deployment, file);
		}
		catch (IOException | IllegalArgumentException notFiled) {
			LOG.warn("The public key {} of this deployment ({}) is not in {} and cannot be filed there ({}): its peers "
					+ "refuse its calls until the operator files it", own.keyId(), deployment, file,
					notFiled.getMessage());
		}
	}
}
