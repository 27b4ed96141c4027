package com.yuelv.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RSA key pair kept in a PKCS#8 PEM file: the key that signs access tokens, and each deployment's own key that
 * signs the credential it shows its peers. When the file does not exist (a fresh embedded install, a deployment's
 * first local start), a 2048-bit key is generated and written there, readable by the owner only, so that what it
 * signed stays valid across a restart. Replicas of one deployment mount the same file from a secret.
 *
 * @param keyId a name of the key derived from its public half (the first bytes of its SHA-256), the same wherever the
 *        key is read
 */
public record RsaKeyFile(RSAPrivateCrtKey privateKey, RSAPublicKey publicKey, String keyId) {

	private static final Logger LOG = LoggerFactory.getLogger(RsaKeyFile.class);
	private static final String BEGIN_PRIVATE = "-----BEGIN PRIVATE KEY-----";
	private static final String END_PRIVATE = "-----END PRIVATE KEY-----";
	private static final String BEGIN_PUBLIC = "-----BEGIN PUBLIC KEY-----";
	private static final String END_PUBLIC = "-----END PUBLIC KEY-----";

	/** Reads the key pair from the file, generating it first when the file does not exist. */
	public static RsaKeyFile loadOrCreate(Path file) {
		try {
			if (!Files.exists(file)) {
				generate(file);
			}
			var pem = Files.readString(file, StandardCharsets.US_ASCII);
			var blocks = blocks(pem, BEGIN_PRIVATE, END_PRIVATE);
			if (blocks.size() != 1) {
				throw new IllegalStateException("%s is not one PKCS#8 PEM private key".formatted(file));
			}
			var factory = KeyFactory.getInstance("RSA");
			var privateKey = (RSAPrivateCrtKey) factory.generatePrivate(new PKCS8EncodedKeySpec(blocks.getFirst()));
			var publicKey = (RSAPublicKey) factory.generatePublic(
					new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
			return new RsaKeyFile(privateKey, publicKey, keyIdOf(publicKey));
		}
		catch (IOException | GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
			throw new IllegalStateException("Cannot load the RSA key from %s".formatted(file), e);
		}
	}

	/** The public half as a PEM {@code PUBLIC KEY} block (X.509 SubjectPublicKeyInfo), as {@code openssl} writes it. */
	public String publicPem() {
		return pem(BEGIN_PUBLIC, publicKey.getEncoded(), END_PUBLIC);
	}

	/**
	 * The RSA public keys in PEM text: every {@code PUBLIC KEY} block it holds, in order.
	 *
	 * @throws IllegalArgumentException when a block is not an RSA public key
	 */
	public static List<RSAPublicKey> publicKeys(String pem) {
		try {
			var factory = KeyFactory.getInstance("RSA");
			var keys = new ArrayList<RSAPublicKey>();
			for (var der : blocks(pem, BEGIN_PUBLIC, END_PUBLIC)) {
				keys.add((RSAPublicKey) factory.generatePublic(new X509EncodedKeySpec(der)));
			}
			return keys;
		}
		catch (GeneralSecurityException | ClassCastException e) {
			throw new IllegalArgumentException("not an RSA public key: " + e.getMessage(), e);
		}
	}

	/** The key id of a public key, as {@link #keyId()} gives it for the pair. */
	public static String keyIdOf(RSAPublicKey key) {
		try {
			var digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	private static List<byte[]> blocks(String pem, String begin, String end) {
		var blocks = new ArrayList<byte[]>();
		var from = 0;
		while (true) {
			var start = pem.indexOf(begin, from);
			if (start < 0) {
				return blocks;
			}
			var stop = pem.indexOf(end, start);
			if (stop < 0) {
				throw new IllegalArgumentException("a PEM block that does not end");
			}
			blocks.add(Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), stop)));
			from = stop + end.length();
		}
	}

	private static String pem(String begin, byte[] der, String end) {
		var body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return begin + "\n" + body + "\n" + end + "\n";
	}

	private static void generate(Path file) throws IOException, GeneralSecurityException {
		var generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		var pair = generator.generateKeyPair();
		if (file.getParent() != null) {
			Files.createDirectories(file.getParent());
		}
		var temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".rsa-key", ".tmp");
		try {
			Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException e) {
			LOG.warn("Cannot restrict the permissions of {}", temporary);
		}
		Files.writeString(temporary, pem(BEGIN_PRIVATE, pair.getPrivate().getEncoded(), END_PRIVATE),
				StandardCharsets.US_ASCII);
		try {
			// a link is made at once or not at all: a process of the same deployment starting at the same moment
			// either made the key first, and it is theirs that both use, or finds this one
			Files.createLink(file, temporary);
		}
		catch (java.nio.file.FileAlreadyExistsException concurrently) {
			return;
		}
		finally {
			Files.deleteIfExists(temporary);
		}
		LOG.info("Generated a new RSA key in {}", file);
	}
}
