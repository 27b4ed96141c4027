package com.yuelv.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.yuelv.media.MediaApi;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/** The rules of a photo: its uploader's until one subject takes it, once; released for good. */
class PhotoUnitTest {

	static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");
	static final ImageProcessing.Encoded FILE = new ImageProcessing.Encoded(new byte[] { 1 }, "a".repeat(64), 10, 5);

	final UserId ann = UserId.random();
	final Photo photo = Photo.uploaded(ann, new ImageProcessing.Processed("jpeg", FILE, FILE,
			new ImageProcessing.Encoded(new byte[] { 2 }, "b".repeat(64), 4, 2)), NOW);

	@Test
	void isServedToItsUploaderOnlyUntilTaken() {
		assertThat(photo.isServedTo(ann)).isTrue();
		assertThat(photo.isServedTo(UserId.random())).isFalse();
		assertThat(photo.sha(MediaApi.Size.SMALL)).isEqualTo("b".repeat(64));
		var moment = UUID.randomUUID();
		photo.attach(ann, moment, 0, "photos", NOW);
		assertThat(photo.isServedTo(ann)).as("now the moment's").isFalse();
		assertThat(photo.isAttachedTo(moment)).isTrue();
	}

	@Test
	void isTakenOnceAndOnlyFromItsUploader() {
		assertThatThrownBy(() -> photo.attach(UserId.random(), UUID.randomUUID(), 0, "photos", NOW))
				.isInstanceOf(Rejection.class).hasMessageContaining("no photo");
		photo.attach(ann, UUID.randomUUID(), 0, "photos", NOW);
		assertThatThrownBy(() -> photo.attach(ann, UUID.randomUUID(), 0, "photos", NOW))
				.hasMessageContaining("another moment");
	}

	@Test
	void aReleasedPhotoIsNeitherServedNorTaken() {
		var moment = UUID.randomUUID();
		photo.attach(ann, moment, 0, "photos", NOW);
		photo.release(NOW);
		photo.release(NOW);
		assertThat(photo.isAttachedTo(moment)).isFalse();
		assertThat(photo.isServedTo(ann)).isFalse();
		assertThatThrownBy(() -> photo.attach(ann, moment, 0, "photos", NOW)).isInstanceOf(Rejection.class);
	}
}
