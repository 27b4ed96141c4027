package com.yuelv.platform.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Well-formed UTF-8 as RFC 3629 defines it: no overlong forms, no encoded surrogates, nothing above U+10FFFF, no
 * sequence cut short. Java's decoder applies the same table; the {@link Checker} applies it byte by byte to a body
 * while it streams, so that nothing has to be held to be checked.
 */
final class Utf8 {

	private Utf8() {}

	/** The bytes as text, or {@code null} when they are not well-formed UTF-8. */
	static String decodeOrNull(byte[] bytes, int length) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(bytes, 0, length))
					.toString();
		}
		catch (CharacterCodingException e) {
			return null;
		}
	}

	/** Checks a stream of bytes as it passes; {@link #offset()} tells where the first bad byte was. */
	static final class Checker {

		private int pending;
		private int low = 0x80;
		private int high = 0xBF;
		private long offset;

		/** Whether the byte continues well-formed UTF-8; once {@code false}, the checker stays at that byte. */
		boolean accept(int b) {
			if (pending > 0) {
				if (b < low || b > high) {
					return false;
				}
				pending--;
				low = 0x80;
				high = 0xBF;
			}
			else if (b >= 0x80) {
				if (b >= 0xC2 && b <= 0xDF) {
					pending = 1;
				}
				else if (b >= 0xE0 && b <= 0xEF) {
					pending = 2;
					low = b == 0xE0 ? 0xA0 : 0x80;
					high = b == 0xED ? 0x9F : 0xBF;
				}
				else if (b >= 0xF0 && b <= 0xF4) {
					pending = 3;
					low = b == 0xF0 ? 0x90 : 0x80;
					high = b == 0xF4 ? 0x8F : 0xBF;
				}
				else {
					return false;
				}
			}
			offset++;
			return true;
		}

		/** Whether the bytes so far end on a whole character. */
		boolean complete() {
			return pending == 0;
		}

		/** How many bytes were accepted. */
		long offset() {
			return offset;
		}
	}
}
