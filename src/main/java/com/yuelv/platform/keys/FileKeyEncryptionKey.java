package com.yuelv.platform.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

/**
 * A key-encryption key in a file: a Tink AES-256-GCM keyset, made when the file is missing (readable by its owner
 * only). Every replica and deployment that shares a database must read the same file, as they share the JWT signing
 * key; whoever holds it and the database can read every encrypted field.
 */
final class FileKeyEncryptionKey implements KeyEncryptionKey {

	private static final Logger LOG = LoggerFactory.getLogger(FileKeyEncryptionKey.class);

	private final Aead aead;

	FileKeyEncryptionKey(Path file) {
		try {
			Tink.register();
			aead = TinkProtoKeysetFormat.parseKeyset(read(file), InsecureSecretKeyAccess.get())
				.getPrimitive(RegistryConfiguration.get(), Aead.class);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("yuelv.keys.kek-file " + file + " does not hold a Tink AEAD keyset", e);
		}
	}

	@Override
	public Aead aead() {
		return aead;
	}

	/** The file's keyset; one made and written first if there is none, by whichever process comes first. */
	private static byte[] read(Path file) throws GeneralSecurityException {
		try {
			if (!Files.exists(file)) {
				var keyset = TinkProtoKeysetFormat.serializeKeyset(
						KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
				var directory = file.toAbsolutePath().getParent();
				Files.createDirectories(directory);
				var written = Files.createTempFile(directory, ".kek", ".tmp");
				try {
					Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
				}
				catch (UnsupportedOperationException notPosix) {
					// a file system without POSIX permissions keeps its own
				}
				Files.write(written, keyset);
				try {
					// a link is made whole or not at all, and never over a file another process made first
					Files.createLink(file, written);
					LOG.info("Key-encryption key created in {}", file);
				}
				catch (FileAlreadyExistsException another) {
					// that process's key is the one
				}
				finally {
					Files.deleteIfExists(written);
				}
			}
			return Files.readAllBytes(file);
		}
		catch (IOException e) {
			throw new UncheckedIOException("yuelv.keys.kek-file " + file + " cannot be read or created", e);
		}
	}
}
