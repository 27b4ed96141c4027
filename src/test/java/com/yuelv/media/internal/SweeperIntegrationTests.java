package com.yuelv.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.yuelv.ApiTestSupport;
import com.yuelv.EmbeddedModeTest;
import com.yuelv.media.MediaApi;
import com.yuelv.media.TestImages;
import com.yuelv.shared.UserId;

/**
 * The sweeper deletes released photos and uploads nothing took, then the files no photo uses, and keeps a file that
 * another photo of the same bytes still uses.
 */
@EmbeddedModeTest
class SweeperIntegrationTests extends ApiTestSupport {

	@Autowired Uploads uploads;
	@Autowired MediaApi media;
	@Autowired Sweeper sweeper;
	@Autowired BlobStore blobs;

	private void age(UUID photo) {
		jdbc.sql("update media.photos set uploaded_at = uploaded_at - interval '2' day where id = ?").param(photo)
				.update();
		jdbc.sql("update media.blobs set touched_at = touched_at - interval '2' hour").update();
	}

	@Test
	void deletesWhatNoOneIsShownAndKeepsWhatIsStillUsed() {
		var ann = UserId.random();
		var bytes = TestImages.jpeg(64, 48);
		var forgotten = uploads.upload(ann, bytes);
		var kept = uploads.upload(UserId.random(), bytes);
		var released = uploads.upload(ann, TestImages.jpeg(48, 64));
		var moment = UUID.randomUUID();
		media.attach(ann, moment, List.of(released.id()), "photos");
		var keptFile = media.file(moment, released.id(), MediaApi.Size.SMALL).orElseThrow().sha256();
		media.release(moment);
		List.of(forgotten.id(), released.id()).forEach(this::age);

		sweeper.sweep();

		assertThat(jdbc.sql("select id from media.photos where id in (?, ?, ?)").params(forgotten.id(), kept.id(),
				released.id()).query(UUID.class).list()).containsExactly(kept.id());
		assertThat(blobs.get(keptFile)).as("the released photo's file").isEmpty();
		var shared = jdbc.sql("select small_sha from media.photos where id = ?").param(kept.id()).query(String.class)
				.single();
		assertThat(blobs.get(shared)).as("the same bytes as the forgotten upload, still used").isPresent();
	}
}
