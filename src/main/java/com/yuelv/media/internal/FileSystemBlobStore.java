package com.yuelv.media.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Files in a directory, for embedded mode: {@code <directory>/ab/cd/abcd...} by the key's first two pairs of hex
 * digits, so that no directory holds more than a few thousand. A file is written beside its place and moved there in
 * one step, so a reader never sees half of it.
 */
final class FileSystemBlobStore implements BlobStore {

	private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

	private final Path directory;

	FileSystemBlobStore(Path directory) {
		this.directory = directory;
	}

	@Override
	public void put(String sha256, byte[] bytes, String contentType) {
		var target = path(sha256);
		if (Files.exists(target)) {
			return;
		}
		try {
			Files.createDirectories(target.getParent());
			var temporary = Files.createTempFile(target.getParent(), sha256, ".part");
			Files.write(temporary, bytes);
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not store " + sha256, e);
		}
	}

	@Override
	public Optional<byte[]> get(String sha256) {
		try {
			return Optional.of(Files.readAllBytes(path(sha256)));
		}
		catch (NoSuchFileException e) {
			return Optional.empty();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not read " + sha256, e);
		}
	}

	@Override
	public void delete(String sha256) {
		try {
			Files.deleteIfExists(path(sha256));
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not delete " + sha256, e);
		}
	}

	private Path path(String sha256) {
		if (!KEY.matcher(sha256).matches()) {
			throw new IllegalArgumentException("Not a SHA-256 in hex: " + sha256);
		}
		return directory.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
	}
}
