package com.yuelv.platform.keys;

import com.google.crypto.tink.Aead;

/**
 * The key that encrypts the modules' data keys where they are stored: a file in embedded mode and on these machines
 * ({@link FileKeyEncryptionKey}); in production, a key in a KMS that never leaves it, behind an implementation of this
 * port (Tink's KMS integrations give an {@code Aead} for a key URI).
 */
public interface KeyEncryptionKey {

	Aead aead();
}
