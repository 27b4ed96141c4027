package com.yuelv.media.internal;

import java.util.Optional;

/**
 * Where the files of photos are kept, each under the SHA-256 of its bytes (hex): the same bytes are kept once,
 * whoever uploaded them, and a key's bytes never change, which is what makes them cacheable forever.
 */
interface BlobStore {

	/** Keeps the bytes under their key; keeping the same key again changes nothing. */
	void put(String sha256, byte[] bytes, String contentType);

	/** The bytes under the key, if it is kept. */
	Optional<byte[]> get(String sha256);

	/** Deletes the key; deleting one that is not kept changes nothing. */
	void delete(String sha256);
}
