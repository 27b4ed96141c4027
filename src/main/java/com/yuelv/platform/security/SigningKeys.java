package com.yuelv.platform.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA key pair that signs access tokens. Read from a PKCS#8 PEM file; when the file does not exist (a fresh
 * embedded install), a 2048-bit key is generated and written there, readable by the owner only, so tokens survive a
 * restart. Deployments with several replicas mount the same file from a secret.
 */
record SigningKeys(RSAPrivateCrtKey privateKey, RSAPublicKey publicKey, String keyId) {

	private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
	private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
	private static final String END = "-----END PRIVATE KEY-----";

	static SigningKeys loadOrCreate(Path file) {
		try {
			if (!Files.exists(file)) {
				generate(file);
			}
			var pem = Files.readString(file, StandardCharsets.US_ASCII);
			var start = pem.indexOf(BEGIN);
			var end = pem.indexOf(END);
			if (start < 0 || end < start) {
				throw new IllegalStateException("%s is not a PKCS#8 PEM private key".formatted(file));
			}
			var der = Base64.getMimeDecoder().decode(pem.substring(start + BEGIN.length(), end));
			var factory = KeyFactory.getInstance("RSA");
			var privateKey = (RSAPrivateCrtKey) factory.generatePrivate(new PKCS8EncodedKeySpec(der));
			var publicKey = (RSAPublicKey) factory.generatePublic(
					new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
			var keyId = Integer.toHexString(publicKey.getModulus().hashCode());
			return new SigningKeys(privateKey, publicKey, keyId);
		}
		catch (IOException | GeneralSecurityException | ClassCastException e) {
			throw new IllegalStateException("Cannot load the token signing key from %s".formatted(file), e);
		}
	}

	private static void generate(Path file) throws IOException, GeneralSecurityException {
		var generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		var pair = generator.generateKeyPair();
		var body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
				.encodeToString(pair.getPrivate().getEncoded());
		if (file.getParent() != null) {
			Files.createDirectories(file.getParent());
		}
		var temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".jwt-key", ".tmp");
		try {
			Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException e) {
			LOG.warn("Cannot restrict the permissions of {}", temporary);
		}
		Files.writeString(temporary, BEGIN + "\n" + body + "\n" + END + "\n", StandardCharsets.US_ASCII);
		Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		LOG.info("Generated a new token signing key in {}", file);
	}
}
