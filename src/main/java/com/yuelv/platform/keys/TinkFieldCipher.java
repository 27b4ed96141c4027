package com.yuelv.platform.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

import com.yuelv.shared.FieldCipher;

/**
 * Seals values with the module's primary AEAD key (AES-256-GCM), bound to the module. A sealed value is
 * {@code enc:<key id>:<ciphertext>}: the id of the key in hexadecimal, so that the values not yet under the newest key
 * can be found by a query, and the ciphertext in URL-safe Base64, which names its key again (Tink's prefix) and
 * authenticates it. A value without the prefix was stored before its field was encrypted and opens as it is. A value
 * whose key this process does not know yet (another replica rotated) makes it read the module's keys again, once.
 */
final class TinkFieldCipher implements FieldCipher {

	static final String PREFIX = "enc:";
	/** The length of Tink's prefix of a ciphertext: a version byte and the key id. */
	private static final int TINK_PREFIX = 5;

	private final DataKeys keys;

	TinkFieldCipher(DataKeys keys) {
		this.keys = keys;
	}

	@Override
	public String seal(String module, String plaintext) {
		var moduleKeys = keys.of(module);
		try {
			var ciphertext = moduleKeys.aead().encrypt(plaintext.getBytes(StandardCharsets.UTF_8), boundTo(module));
			return PREFIX + keyIdText(moduleKeys.primary()) + ":"
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(ciphertext);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("A field of " + module + " cannot be sealed", e);
		}
	}

	@Override
	public String open(String module, String stored) {
		if (!stored.startsWith(PREFIX)) {
			return stored;
		}
		var separator = stored.indexOf(':', PREFIX.length());
		byte[] ciphertext;
		try {
			ciphertext = Base64.getUrlDecoder().decode(stored.substring(separator + 1));
		}
		catch (IllegalArgumentException e) {
			throw unopened(module, e);
		}
		var moduleKeys = keys.of(module);
		if (ciphertext.length > TINK_PREFIX && !moduleKeys.ids().contains(keyIdOf(ciphertext))) {
			moduleKeys = keys.reload(module);
		}
		try {
			return new String(moduleKeys.aead().decrypt(ciphertext, boundTo(module)), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException e) {
			throw unopened(module, e);
		}
	}

	@Override
	public String blindIndex(String module, String value) {
		try {
			return HexFormat.of().formatHex(
					keys.of(module).index().computePrimary(value.getBytes(StandardCharsets.UTF_8), 32));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("A blind index of " + module + " cannot be computed", e);
		}
	}

	/** How a value sealed with the key of this id begins. */
	static String prefixOf(int keyId) {
		return PREFIX + keyIdText(keyId) + ":";
	}

	private static String keyIdText(int keyId) {
		return HexFormat.of().toHexDigits(keyId);
	}

	private static int keyIdOf(byte[] ciphertext) {
		return ByteBuffer.wrap(ciphertext, 1, 4).getInt();
	}

	private static byte[] boundTo(String module) {
		return ("yuelv field of " + module).getBytes(StandardCharsets.UTF_8);
	}

	private static IllegalStateException unopened(String module, Exception cause) {
		// the value itself is never named: it may be personal data
		return new IllegalStateException("A sealed field of " + module + " does not open: it was changed, or "
				+ "sealed under keys this database does not hold", cause);
	}
}
