package com.yuelv.platform.keys;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys of personal data, under {@code yuelv.keys.*}.
 *
 * @param kekFile the key-encryption key, a Tink AEAD keyset made there when missing; every replica and deployment on
 *        one database must read the same file
 * @param reEncryptEvery how often a replica learns of rotated keys and seals again the values still under older ones
 */
@ConfigurationProperties("yuelv.keys")
public record KeysSettings(Path kekFile, @DefaultValue("1m") Duration reEncryptEvery) {

	public KeysSettings {
		if (kekFile == null) {
			throw new IllegalArgumentException("yuelv.keys.kek-file must name the key-encryption key's file");
		}
		if (reEncryptEvery == null || reEncryptEvery.toSeconds() < 1 || reEncryptEvery.toHours() > 24) {
			throw new IllegalArgumentException("yuelv.keys.re-encrypt-every must be between 1s and 24h, not "
					+ reEncryptEvery);
		}
	}
}
