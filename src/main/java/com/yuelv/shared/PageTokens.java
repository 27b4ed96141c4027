package com.yuelv.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, signed continuation tokens for keyset pagination. A token carries the sort key of the last row of a page; the
 * HMAC makes a tampered or foreign token a clean 400 instead of a page that starts somewhere unexpected.
 */
public final class PageTokens {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
	private static final char SEPARATOR = '\u001f';
	private static final int SIGNATURE_BYTES = 16;

	private final SecretKeySpec key;

	public PageTokens(byte[] secret) {
		if (secret.length < 32) {
			throw new IllegalArgumentException("A page token secret needs at least 32 bytes");
		}
		this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
	}

	/** Issues a token for the given sort key parts of one kind of listing. */
	public String issue(String listing, List<String> keyParts) {
		var payload = (listing + SEPARATOR + String.join(String.valueOf(SEPARATOR), keyParts))
				.getBytes(StandardCharsets.UTF_8);
		return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload));
	}

	/**
	 * Reads the sort key parts back from a token issued for the same listing.
	 *
	 * @param field the query parameter the token came in, named in a rejection
	 * @throws Rejection when the token is malformed, tampered with or belongs to another listing
	 */
	public List<String> read(String field, String listing, int expectedParts, String token) {
		var invalid = invalid(field);
		if (token.length() > 512) {
			throw invalid;
		}
		var dot = token.indexOf('.');
		if (dot < 0) {
			throw invalid;
		}
		byte[] payload;
		byte[] signature;
		try {
			payload = DECODER.decode(token.substring(0, dot));
			signature = DECODER.decode(token.substring(dot + 1));
		}
		catch (IllegalArgumentException e) {
			throw invalid;
		}
		if (!MessageDigest.isEqual(sign(payload), signature)) {
			throw invalid;
		}
		var parts = List.of(new String(payload, StandardCharsets.UTF_8).split(String.valueOf(SEPARATOR), -1));
		if (parts.size() != expectedParts + 1 || !parts.getFirst().equals(listing)) {
			throw invalid;
		}
		return parts.subList(1, parts.size());
	}

	/**
	 * Reads a token issued for the same listing and turns its sort key parts into the listing's own position: parts
	 * that do not parse make the token as invalid as a tampered one.
	 *
	 * @param field the query parameter the token came in, named in a rejection
	 * @throws Rejection when the token is malformed, tampered with, belongs to another listing or does not parse
	 */
	public <T> T read(String field, String listing, int expectedParts, String token,
			Function<List<String>, T> position) {
		var parts = read(field, listing, expectedParts, token);
		try {
			return position.apply(parts);
		}
		catch (RuntimeException e) {
			throw invalid(field);
		}
	}

	private static Rejection invalid(String field) {
		return Rejection.invalid(field, "page-token", "is not a page token issued by this listing");
	}

	private byte[] sign(byte[] payload) {
		try {
			var mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return Arrays.copyOf(mac.doFinal(payload), SIGNATURE_BYTES);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA256 is not available", e);
		}
	}
}
