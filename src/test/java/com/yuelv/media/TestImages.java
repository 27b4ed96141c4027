package com.yuelv.media;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

/** Images made for tests: plain ones, one with EXIF orientation and GPS data, and broken ones. */
public final class TestImages {

	/** The WebP image of one pixel, lossless (26 bytes of image data). */
	public static final byte[] WEBP = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

	private TestImages() {}

	/** A JPEG of the given size: left half red, right half blue, so that a turn can be seen. */
	public static byte[] jpeg(int width, int height) {
		return write(picture(width, height, BufferedImage.TYPE_INT_RGB), "jpeg");
	}

	/** A PNG of the given size with transparent pixels. */
	public static byte[] png(int width, int height) {
		var image = picture(width, height, BufferedImage.TYPE_INT_ARGB);
		image.setRGB(0, 0, 0x00000000);
		return write(image, "png");
	}

	/**
	 * A JPEG whose EXIF says the camera was turned (orientation 6: the picture is to be turned 90 degrees clockwise)
	 * and where it was taken (a GPS latitude and the text {@code GPS-HOME-SECRET} in its image description).
	 */
	public static byte[] jpegWithExif(int width, int height) {
		var jpeg = jpeg(width, height);
		var description = "GPS-HOME-SECRET\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		var tiff = ByteBuffer.allocate(8 + 2 + 3 * 12 + 4 + 2 + 12 + 4 + description.length)
				.order(ByteOrder.LITTLE_ENDIAN);
		var ifd0 = 8;
		var gpsIfd = ifd0 + 2 + 3 * 12 + 4;
		var text = gpsIfd + 2 + 12 + 4;
		tiff.put(new byte[] { 'I', 'I', 42, 0 }).putInt(ifd0);
		tiff.putShort((short) 3);
		tiff.putShort((short) 0x010E).putShort((short) 2).putInt(description.length).putInt(text);
		tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
		tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsIfd);
		tiff.putInt(0);
		tiff.putShort((short) 1);
		tiff.putShort((short) 0x0001).putShort((short) 2).putInt(2).put(new byte[] { 'N', 0, 0, 0 });
		tiff.putInt(0);
		tiff.put(description);
		var exif = new ByteArrayOutputStream();
		exif.writeBytes("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		exif.writeBytes(tiff.array());
		var segment = exif.toByteArray();
		var out = new ByteArrayOutputStream();
		out.write(0xFF);
		out.write(0xD8);
		out.write(0xFF);
		out.write(0xE1);
		out.write((segment.length + 2) >> 8);
		out.write((segment.length + 2) & 0xFF);
		out.writeBytes(segment);
		out.write(jpeg, 2, jpeg.length - 2);
		return out.toByteArray();
	}

	/** A real PNG of one pixel whose header claims the given size, as a decompression bomb's does. */
	public static byte[] pngClaiming(int width, int height) {
		var png = png(1, 1);
		var header = ByteBuffer.wrap(png);
		// the signature (8 bytes), then IHDR: length (4), type (4), width (4), height (4), ..., CRC after 13 bytes
		header.putInt(16, width).putInt(20, height);
		var crc = new CRC32();
		crc.update(png, 12, 17);
		header.putInt(29, (int) crc.getValue());
		return png;
	}

	/** The first part of the bytes, as an interrupted upload leaves them. */
	public static byte[] truncated(byte[] bytes) {
		return Arrays.copyOf(bytes, bytes.length * 2 / 3);
	}

	private static BufferedImage picture(int width, int height, int type) {
		var image = new BufferedImage(width, height, type);
		var graphics = image.createGraphics();
		graphics.setColor(Color.RED);
		graphics.fillRect(0, 0, width / 2, height);
		graphics.setColor(Color.BLUE);
		graphics.fillRect(width / 2, 0, width - width / 2, height);
		graphics.dispose();
		return image;
	}

	private static byte[] write(BufferedImage image, String format) {
		var out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, format, out);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out.toByteArray();
	}
}
