package com.yuelv.platform.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.yuelv.platform.RsaKeyFile;

/**
 * The RSA key of accounts' access tokens, as {@code yuelv.jwt.key-file} holds it: the private key where tokens are
 * signed (the deployment that runs identity; generated when the file is missing, as in embedded mode), or only its
 * public half ({@code PUBLIC KEY}), which is all the other deployments of a split need to verify them and all the
 * manifests give them. A deployment holding the public half cannot mint a token.
 */
record AccessTokenKey(RSAPublicKey publicKey, String keyId, @Nullable RSAPrivateCrtKey privateKey) {

	private static final String PRIVATE = "-----BEGIN PRIVATE KEY-----";

	static AccessTokenKey read(Path file) {
		String pem;
		try {
			pem = Files.exists(file) ? Files.readString(file, StandardCharsets.US_ASCII) : PRIVATE;
		}
		catch (IOException e) {
			throw new IllegalStateException("Cannot read the access tokens' key from %s".formatted(file), e);
		}
		if (pem.contains(PRIVATE)) {
			var pair = RsaKeyFile.loadOrCreate(file);
			return new AccessTokenKey(pair.publicKey(), pair.keyId(), pair.privateKey());
		}
		var keys = RsaKeyFile.publicKeys(pem);
		if (keys.size() != 1) {
			throw new IllegalStateException("%s holds neither a PKCS#8 private key nor one public key".formatted(file));
		}
		return new AccessTokenKey(keys.getFirst(), RsaKeyFile.keyIdOf(keys.getFirst()), null);
	}

	/**
	 * The public keys tokens are verified with besides this one ({@code yuelv.jwt.verification-keys-file}), this one
	 * left out; none when the setting is blank or the file does not exist (in a cluster, the optional ConfigMap is
	 * there only during a rotation). A file with anything but public keys is refused by name.
	 */
	List<RSAPublicKey> verificationKeys(String file) {
		if (file.isBlank() || !Files.exists(Path.of(file))) {
			return List.of();
		}
		try {
			var pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
			var keys = RsaKeyFile.publicKeys(pem);
			if (keys.isEmpty() && !pem.isBlank()) {
				throw new IllegalArgumentException("it holds no PUBLIC KEY block");
			}
			return keys.stream().filter(key -> !key.equals(publicKey)).toList();
		}
		catch (IOException | IllegalArgumentException e) {
			throw new IllegalStateException("yuelv.jwt.verification-keys-file: cannot read public keys from %s (%s)"
					.formatted(file, e.getMessage()), e);
		}
	}

	/**
	 * The private key, for the deployment that signs tokens.
	 *
	 * @throws IllegalStateException naming the setting when this deployment holds only the public half
	 */
	RSAPrivateCrtKey signingKey(Path file) {
		if (privateKey == null) {
			throw new IllegalStateException(("yuelv.jwt.key-file: %s holds only the public key of access tokens, and "
					+ "this deployment signs them (it runs identity): give it the private key").formatted(file));
		}
		return privateKey;
	}
}
