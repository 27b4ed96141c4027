package com.yuelv.media;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.yuelv.shared.UserId;

/**
 * What other modules may ask of the media module: to take uploaded photos for something they keep (a moment), to
 * release them with it, and to read their files. Callers depend on this interface only, never on how it is served.
 */
public interface MediaApi {

	/** The sizes every photo is stored in. */
	enum Size {
		/** The photo itself, re-encoded, its longest side at most 4096 pixels. */
		ORIGINAL,
		/** A thumbnail whose longest side is at most 1280 pixels. */
		LARGE,
		/** A thumbnail whose longest side is at most 320 pixels. */
		SMALL;

		/**
		 * The size an address names: {@code original}, {@code large} or {@code small}.
		 *
		 * @throws com.yuelv.shared.Rejection on the field {@code size} for any other name
		 */
		public static Size named(String name) {
			for (var size : values()) {
				if (size.name().equalsIgnoreCase(name)) {
					return size;
				}
			}
			throw com.yuelv.shared.Rejection.invalid("size", "one-of", "must be original, large or small");
		}
	}

	/** One stored file: its bytes, their SHA-256 (hex) and media type. */
	record PhotoFile(byte[] bytes, String sha256, String contentType) {

		/** Its strong entity tag: the SHA-256 of its bytes, which never change under a photo's address. */
		public String etag() {
			return "\"" + sha256 + "\"";
		}
	}

	/**
	 * Gives the owner's uploaded photos, in this order, to {@code subject}; in the caller's transaction when it runs in
	 * the same process.
	 *
	 * @param field the request field to name in a rejection
	 * @throws com.yuelv.shared.Rejection when a photo is unknown, not the owner's, or taken already
	 */
	void attach(UserId owner, UUID subject, List<UUID> photos, String field);

	/** Releases every photo of {@code subject}: none is served again, and their files go once nothing else uses them. */
	void release(UUID subject);

	/** A file of a photo of the subject, if the subject has that photo. */
	Optional<PhotoFile> file(UUID subject, UUID photo, Size size);
}
