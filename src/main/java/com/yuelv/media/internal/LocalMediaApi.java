package com.yuelv.media.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.media.MediaApi;
import com.yuelv.shared.UserId;

/** Serves {@link MediaApi} in the same process as its caller, in the caller's transaction. */
@Component
class LocalMediaApi implements MediaApi {

	private final Uploads uploads;

	LocalMediaApi(Uploads uploads) {
		this.uploads = uploads;
	}

	@Override
	@Transactional
	public void attach(UserId owner, UUID subject, List<UUID> photos, String field) {
		uploads.attach(owner, subject, photos, field);
	}

	@Override
	@Transactional
	public void release(UUID subject) {
		uploads.release(subject);
	}

	/** Reads the photo's row in a transaction of its own, and the file after it, holding no connection. */
	@Override
	public Optional<PhotoFile> file(UUID subject, UUID photo, Size size) {
		return uploads.file(subject, photo, size);
	}
}
