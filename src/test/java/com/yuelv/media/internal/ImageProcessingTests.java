package com.yuelv.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.yuelv.media.TestImages;
import com.yuelv.shared.Rejection;

/**
 * What becomes of an upload: the type told by the bytes, EXIF and GPS data gone, the picture upright, three sizes;
 * and the uploads refused before any pixel is decoded or any file written.
 */
class ImageProcessingTests {

	static final MediaSettings SETTINGS = new MediaSettings(10_000, 40_000_000, 4096, 1280, 320, Duration.ofHours(24),
			Duration.ofMinutes(10), MediaSettings.Store.FILESYSTEM, Path.of("unused"),
			new MediaSettings.S3(null, null, "us-east-1", true, null, null, "photos/"),
			new MediaSettings.Processing(1, Duration.ofSeconds(10)));

	final ImageProcessing images = new ImageProcessing(SETTINGS);

	static String rule(Throwable refused) {
		return ((Rejection) refused).violations().getFirst().rule();
	}

	static int[] size(byte[] jpeg) throws IOException {
		var image = ImageIO.read(new ByteArrayInputStream(jpeg));
		return new int[] { image.getWidth(), image.getHeight() };
	}

	@Test
	void keepsNoExifOrGpsDataAndTurnsThePictureAsTheCameraWasHeld() throws IOException {
		var upload = TestImages.jpegWithExif(600, 400);
		assertThat(new String(upload, StandardCharsets.ISO_8859_1)).contains("Exif", "GPS-HOME-SECRET");

		var processed = images.process(upload);

		for (var file : java.util.List.of(processed.original(), processed.large(), processed.small())) {
			var text = new String(file.bytes(), StandardCharsets.ISO_8859_1);
			assertThat(text).doesNotContain("Exif", "GPS-HOME-SECRET");
			assertThat(file.bytes()[0] & 0xFF).isEqualTo(0xFF);
			assertThat(file.bytes()[1] & 0xFF).isEqualTo(0xD8);
		}
		assertThat(processed.format()).isEqualTo("jpeg");
		assertThat(size(processed.original().bytes())).as("turned upright: portrait").containsExactly(400, 600);
		var upright = ImageIO.read(new ByteArrayInputStream(processed.original().bytes()));
		assertThat(new java.awt.Color(upright.getRGB(200, 10)).getRed()).as("red, once on the left, now on top")
				.isGreaterThan(200);
	}

	@Test
	void makesThreeSizesNeverLargerThanTheUpload() throws IOException {
		var processed = images.process(TestImages.jpeg(2000, 1000));
		assertThat(size(processed.original().bytes())).containsExactly(2000, 1000);
		assertThat(size(processed.large().bytes())).containsExactly(1280, 640);
		assertThat(size(processed.small().bytes())).containsExactly(320, 160);
		assertThat(processed.original().width()).isEqualTo(2000);
		assertThat(processed.small().sha256()).isEqualTo(ImageProcessing.sha256(processed.small().bytes()))
				.hasSize(64);

		var tiny = images.process(TestImages.jpeg(100, 50));
		assertThat(size(tiny.small().bytes())).as("not enlarged").containsExactly(100, 50);
	}

	@Test
	void readsPngWithTransparencyAndWebPAsJpeg() throws IOException {
		var png = images.process(TestImages.png(300, 200));
		assertThat(png.format()).isEqualTo("png");
		assertThat(size(png.original().bytes())).containsExactly(300, 200);
		var webp = images.process(TestImages.WEBP);
		assertThat(webp.format()).isEqualTo("webp");
		assertThat(size(webp.small().bytes())).containsExactly(1, 1);
	}

	@Test
	void tellsTheTypeByTheBytesNotTheName() {
		var text = "this is not a JPEG, whatever its name says".getBytes(StandardCharsets.UTF_8);
		assertThatThrownBy(() -> images.process(text)).satisfies(refused -> assertThat(rule(refused))
				.isEqualTo("image-type"));
		var gif = new byte[] { 'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0, 0x3B };
		assertThatThrownBy(() -> images.process(gif)).satisfies(refused -> assertThat(rule(refused))
				.isEqualTo("image-type"));
	}

	@Test
	void refusesAHugeImageFromItsHeaderBeforeDecoding() {
		var bomb = TestImages.pngClaiming(30_000, 30_000);
		assertThat(bomb).hasSizeLessThan(200);
		assertThatThrownBy(() -> images.process(bomb)).isInstanceOf(Rejection.class)
				.hasMessageContaining("30000 x 30000").satisfies(refused -> assertThat(rule(refused))
						.isEqualTo("image-too-large"));
		assertThatThrownBy(() -> images.process(TestImages.pngClaiming(9_000, 9_000))).as("81 million pixels")
				.satisfies(refused -> assertThat(rule(refused)).isEqualTo("image-too-large"));
	}

	@Test
	void refusesTruncatedAndEmptyUploads() {
		for (var broken : java.util.List.of(TestImages.truncated(TestImages.jpeg(400, 300)),
				TestImages.truncated(TestImages.png(400, 300)))) {
			assertThatThrownBy(() -> images.process(broken)).satisfies(refused -> assertThat(rule(refused))
					.isEqualTo("image-damaged"));
		}
		assertThatThrownBy(() -> images.process(new byte[0])).satisfies(refused -> assertThat(rule(refused))
				.isEqualTo("required"));
	}

	@Test
	void anUploadWaitsForItsTurnAndIsRefusedAsOverloadedWhenTheWaitRunsOut() throws InterruptedException {
		var settings = new MediaSettings(10_000, 40_000_000, 4096, 1280, 320, Duration.ofHours(24),
				Duration.ofMinutes(10), MediaSettings.Store.FILESYSTEM, Path.of("unused"),
				new MediaSettings.S3(null, null, "us-east-1", true, null, null, "photos/"),
				new MediaSettings.Processing(1, Duration.ofMillis(50)));
		var bounded = new ImageProcessing(settings);
		var upload = TestImages.jpeg(200, 100);

		bounded.turns.acquire(); // another upload is being decoded
		assertThatThrownBy(() -> bounded.process(upload)).isInstanceOfSatisfying(Rejection.class, refused -> {
			assertThat(refused.kind()).isEqualTo(Rejection.Kind.UNAVAILABLE);
			assertThat(refused.problemType()).isEqualTo("overloaded");
		});
		bounded.turns.release();

		assertThat(bounded.process(upload).original().width()).isEqualTo(200);
		assertThatThrownBy(() -> bounded.process(TestImages.truncated(upload))).isInstanceOf(Rejection.class);
		assertThat(bounded.turns.availablePermits()).as("a refused upload gives its turn back").isEqualTo(1);
	}
}
