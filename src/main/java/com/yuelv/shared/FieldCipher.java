package com.yuelv.shared;

/**
 * Encrypts personal data field by field under the module's own keys: the port the platform serves. A sealed value
 * is text that names the key it was sealed with, so values sealed before a key rotation still open; a value stored
 * before its field was encrypted opens as it is until the platform's re-encryption seals it. The blind index of a
 * value is a keyed hash that finds a row by an encrypted field without decrypting any.
 */
public interface FieldCipher {

	/** The stored form of a value of the module's. */
	String seal(String module, String plaintext);

	/**
	 * The value a stored form holds.
	 * @throws IllegalStateException when it was sealed by another module's keys, or changed since
	 */
	String open(String module, String stored);

	/** A keyed hash of the value, the same for the same value, telling nothing of it without the module's key. */
	String blindIndex(String module, String value);
}
