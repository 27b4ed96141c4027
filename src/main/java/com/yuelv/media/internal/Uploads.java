package com.yuelv.media.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.media.MediaApi;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * What happens to photos: uploading (decode, re-encode, store the files, then the photo), giving them to a moment,
 * releasing them, and reading their files. A refused upload stores nothing: the image is processed before any file or
 * row is written.
 */
@Service
public class Uploads {

	private final ImageProcessing images;
	private final BlobStore blobs;
	private final Photos photos;
	private final JdbcClient jdbc;
	private final TransactionTemplate transactions;
	private final Clock clock;

	Uploads(ImageProcessing images, BlobStore blobs, Photos photos, JdbcClient jdbc, TransactionTemplate transactions,
			Clock clock) {
		this.images = images;
		this.blobs = blobs;
		this.photos = photos;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Stores an upload as the owner's photo. Not in a transaction of its own: the files' ledger rows are touched and
	 * committed first, then the files written, then the photo committed, so that the sweeper never deletes a file an
	 * upload is about to use.
	 */
	public Photo upload(UserId owner, byte[] upload) {
		var processed = images.process(upload);
		var sizes = List.of(processed.original(), processed.large(), processed.small());
		transactions.executeWithoutResult(status -> sizes.forEach(this::touch));
		sizes.forEach(size -> blobs.put(size.sha256(), size.bytes(), ImageProcessing.CONTENT_TYPE));
		return transactions.execute(status -> photos.save(Photo.uploaded(owner, processed, clock.instant())));
	}

	/** A file of one's own photo that no moment took yet; 404 for anyone else's. */
	public MediaApi.PhotoFile ownFile(UserId viewer, UUID photo, MediaApi.Size size) {
		var found = photos.findById(photo).filter(it -> it.isServedTo(viewer))
				.orElseThrow(() -> notFound(photo));
		return read(found.sha(size)).orElseThrow(() -> notFound(photo));
	}

	/** Deletes one's own photo that no moment took. */
	public void discard(UserId owner, UUID photo) {
		transactions.executeWithoutResult(status -> {
			var found = photos.lock(List.of(photo)).stream().filter(it -> it.isServedTo(owner)).findFirst()
					.orElseThrow(() -> notFound(photo));
			found.release(clock.instant());
			photos.save(found);
		});
	}

	/** In the caller's transaction: {@link MediaApi#attach}. */
	void attach(UserId owner, UUID subject, List<UUID> ids, String field) {
		if (ids.isEmpty()) {
			return;
		}
		var found = new HashMap<UUID, Photo>();
		photos.lock(ids).forEach(photo -> found.put(photo.id(), photo));
		var now = clock.instant();
		var attached = new ArrayList<Photo>();
		for (var i = 0; i < ids.size(); i++) {
			var photo = found.get(ids.get(i));
			if (photo == null) {
				throw Rejection.invalid(field, "unknown-photo", "no photo " + ids.get(i) + " of yours");
			}
			photo.attach(owner, subject, i, field, now);
			attached.add(photo);
		}
		photos.saveAll(attached);
	}

	/** In the caller's transaction: {@link MediaApi#release}. */
	void release(UUID subject) {
		var now = clock.instant();
		var released = photos.attachedTo(subject);
		released.forEach(photo -> photo.release(now));
		photos.saveAll(released);
	}

	Optional<MediaApi.PhotoFile> file(UUID subject, UUID photo, MediaApi.Size size) {
		var sha = transactions.execute(status -> photos.ofSubject(photo, subject)
				.filter(it -> it.isAttachedTo(subject)).map(it -> it.sha(size)));
		return sha == null ? Optional.empty() : sha.flatMap(this::read);
	}

	private Optional<MediaApi.PhotoFile> read(String sha) {
		return blobs.get(sha).map(bytes -> new MediaApi.PhotoFile(bytes, sha, ImageProcessing.CONTENT_TYPE));
	}

	private void touch(ImageProcessing.Encoded file) {
		var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
		if (jdbc.sql("update media.blobs set touched_at = ? where sha = ?").params(now, file.sha256()).update() == 0) {
			// a concurrent upload of the same bytes may have added it first, as just touched: that is as good
			jdbc.sql("insert into media.blobs (sha, bytes, touched_at) values (?, ?, ?) on conflict do nothing")
					.params(file.sha256(), file.bytes().length, now).update();
		}
	}

	private static Rejection notFound(UUID photo) {
		return Rejection.notFound("photo-not-found", "No photo " + photo);
	}
}
