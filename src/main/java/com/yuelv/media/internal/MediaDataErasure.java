package com.yuelv.media.internal;

import java.time.OffsetDateTime;
import java.util.HashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.PersonalDataErasure;
import com.yuelv.shared.UserId;

/**
 * Media's part of an erasure: the person's photos, and their files at once rather than at the sweeper's next round. A
 * file goes when no one else's photo uses the same bytes and no upload touched it after the person's own: an upload
 * of the same bytes under way keeps it, and the sweeper deletes it later if that upload never became a photo. The
 * files are deleted before the transaction commits, so a file that cannot be deleted leaves the rows for the next
 * attempt.
 */
@Component
class MediaDataErasure implements PersonalDataErasure {

	private final JdbcClient jdbc;
	private final BlobStore blobs;

	MediaDataErasure(JdbcClient jdbc, BlobStore blobs) {
		this.jdbc = jdbc;
		this.blobs = blobs;
	}

	@Override
	public String module() {
		return "media";
	}

	@Override
	@Transactional
	public void erase(UserId person) {
		var uploadedUpTo = new HashMap<String, OffsetDateTime>();
		jdbc.sql("select original_sha, large_sha, small_sha, uploaded_at from media.photos where owner_id = ?")
			.param(person.value())
			.query(row -> {
				var at = row.getObject("uploaded_at", OffsetDateTime.class);
				for (var column : new String[] { "original_sha", "large_sha", "small_sha" }) {
					uploadedUpTo.merge(row.getString(column), at, (one, other) -> one.isAfter(other) ? one : other);
				}
			});
		jdbc.sql("delete from media.photos where owner_id = ?").param(person.value()).update();
		uploadedUpTo.forEach((sha, uploadedAt) -> {
			var deleted = jdbc.sql("""
					delete from media.blobs b where b.sha = ? and b.touched_at <= ? and not exists
					    (select 1 from media.photos p
					     where p.original_sha = b.sha or p.large_sha = b.sha or p.small_sha = b.sha)""")
				.params(sha, uploadedAt)
				.update();
			if (deleted == 1) {
				blobs.delete(sha);
			}
		});
	}
}
