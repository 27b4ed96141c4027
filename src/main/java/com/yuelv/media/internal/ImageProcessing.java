package com.yuelv.media.internal;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import com.yuelv.media.MediaApi;
import com.yuelv.shared.Rejection;

import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.ExifUtils;
import net.coobird.thumbnailator.util.exif.Orientation;

/**
 * Turns an upload into the files of a photo, so many at a time ({@code yuelv.media.processing}). The format is
 * whatever an image reader recognizes in the bytes (JPEG, PNG or WebP), never the name or the declared type. The
 * dimensions are read from the header and bounded before a pixel is decoded, so a small file claiming a huge image is
 * refused without the memory it would take; a reader's warning (a truncated or damaged file) refuses the upload too.
 * The pixels are turned upright by the EXIF orientation and re-encoded as JPEG in three sizes by Thumbnailator:
 * nothing of the upload's metadata (EXIF, GPS, comments) is carried over.
 */
@Component
class ImageProcessing {

	static final Set<String> FORMATS = Set.of("jpeg", "png", "webp");
	static final String CONTENT_TYPE = "image/jpeg";
	static final String FIELD = "file";
	private static final float QUALITY = 0.85f;

	private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

	private final MediaSettings settings;
	/** One permit per upload decoded at once. */
	final Semaphore turns;

	ImageProcessing(MediaSettings settings) {
		this.settings = settings;
		this.turns = new Semaphore(settings.processing().concurrency(), true);
	}

	/** One encoded size. */
	record Encoded(byte[] bytes, String sha256, int width, int height) {}

	/** The three sizes of a photo, and the format the upload was in. */
	record Processed(String format, Encoded original, Encoded large, Encoded small) {

		long storedBytes() {
			return (long) original.bytes().length + large.bytes().length + small.bytes().length;
		}

		Encoded of(MediaApi.Size size) {
			return switch (size) {
				case ORIGINAL -> original;
				case LARGE -> large;
				case SMALL -> small;
			};
		}
	}

	/**
	 * Decodes and re-encodes an upload.
	 *
	 * @throws Rejection on the field {@value #FIELD}: empty, not an image of a known format, too large, or unreadable
	 */
	Processed process(byte[] upload) {
		if (upload.length == 0) {
			throw Rejection.invalid(FIELD, "required", "the file is empty");
		}
		awaitTurn();
		try {
			var decoded = decode(upload);
			var upright = upright(decoded.image(), decoded.orientation());
			return new Processed(decoded.format(), encode(upright, settings.originalSide()),
					encode(upright, settings.largeSide()), encode(upright, settings.smallSide()));
		}
		finally {
			turns.release();
		}
	}

	private void awaitTurn() {
		try {
			if (!turns.tryAcquire(settings.processing().maxWait().toNanos(), TimeUnit.NANOSECONDS)) {
				throw busy();
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw busy();
		}
	}

	private static Rejection busy() {
		return Rejection.unavailable("overloaded",
				"Too many photos are being processed right now; try the upload again in a few seconds.", RETRY_AFTER);
	}

	private record Decoded(String format, BufferedImage image, @Nullable Orientation orientation) {}

	private Decoded decode(byte[] upload) {
		try (var input = ImageIO.createImageInputStream(new ByteArrayInputStream(upload))) {
			ImageReader reader = null;
			for (var readers = ImageIO.getImageReaders(input); readers.hasNext();) {
				var candidate = readers.next();
				if (FORMATS.contains(candidate.getFormatName().toLowerCase(Locale.ROOT))) {
					reader = candidate;
					break;
				}
			}
			if (reader == null) {
				throw Rejection.invalid(FIELD, "image-type", "is not a JPEG, PNG or WebP image");
			}
			try {
				reader.setInput(input, true, false);
				var width = reader.getWidth(0);
				var height = reader.getHeight(0);
				if (width <= 0 || height <= 0 || width > settings.maxSide() || height > settings.maxSide()
						|| (long) width * height > settings.maxPixels()) {
					throw Rejection.invalid(FIELD, "image-too-large", "is %d x %d pixels; at most %d pixels a side "
							.formatted(width, height, settings.maxSide()) + "and %d in all".formatted(
									settings.maxPixels()));
				}
				var format = reader.getFormatName().toLowerCase(Locale.ROOT);
				var orientation = format.equals("jpeg") ? orientation(reader) : null;
				var warning = new AtomicReference<@Nullable String>();
				reader.addIIOReadWarningListener((source, message) -> warning.compareAndSet(null, message));
				var image = reader.read(0);
				if (warning.get() != null) {
					throw unreadable();
				}
				return new Decoded(format, image, orientation);
			}
			finally {
				reader.dispose();
			}
		}
		catch (Rejection rejection) {
			throw rejection;
		}
		catch (IOException | RuntimeException broken) {
			// a codec's own failure on a damaged file (its exceptions are not all IOExceptions)
			throw unreadable();
		}
	}

	private static @Nullable Orientation orientation(ImageReader reader) {
		try {
			return ExifUtils.getExifOrientation(reader, 0);
		}
		catch (IOException | RuntimeException unreadable) {
			return null;
		}
	}

	private static Rejection unreadable() {
		return Rejection.invalid(FIELD, "image-damaged", "could not be read as an image: it is truncated or damaged");
	}

	/** The pixels on white (no transparency in a JPEG), turned as the camera said it was held. */
	private static BufferedImage upright(BufferedImage image, @Nullable Orientation orientation) {
		var rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
		var graphics = rgb.createGraphics();
		try {
			graphics.drawImage(image, 0, 0, Color.WHITE, null);
		}
		finally {
			graphics.dispose();
		}
		return orientation == null || orientation == Orientation.TOP_LEFT ? rgb
				: ExifFilterUtils.getFilterForOrientation(orientation).apply(rgb);
	}

	private static Encoded encode(BufferedImage image, int side) {
		var out = new ByteArrayOutputStream();
		BufferedImage scaled;
		try {
			var builder = Thumbnails.of(image);
			scaled = (Math.max(image.getWidth(), image.getHeight()) > side ? builder.size(side, side)
					: builder.scale(1.0)).asBufferedImage();
			Thumbnails.of(scaled).scale(1.0).outputFormat("jpg").outputQuality(QUALITY).toOutputStream(out);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		var bytes = out.toByteArray();
		return new Encoded(bytes, sha256(bytes), scaled.getWidth(), scaled.getHeight());
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
