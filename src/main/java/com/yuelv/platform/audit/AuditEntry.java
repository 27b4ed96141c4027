package com.yuelv.platform.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the audit trail and the link that chains it: its hash is SHA-256 over the previous entry's hash and
 * every field of its own, each field length-prefixed so that no two different entries are hashed from the same bytes.
 *
 * @param seq its number: the first entry is 1, and each next one is one more
 * @param recordedAt when, to the microsecond the database keeps
 * @param details the details as the JSON text that was hashed
 */
public record AuditEntry(long seq, Instant recordedAt, String deployment, String action, String actor,
		@Nullable String subject, String details, String previousHash, String hash) {

	/** The hash the first entry follows. */
	static final String ORIGIN = "0".repeat(64);

	/** A new entry after the one whose number and hash are given, with its hash computed. */
	static AuditEntry after(long previousSeq, String previousHash, Instant at, String deployment, String action,
			String actor, @Nullable String subject, String details) {
		var recordedAt = at.truncatedTo(ChronoUnit.MICROS);
		var seq = previousSeq + 1;
		return new AuditEntry(seq, recordedAt, deployment, action, actor, subject, details, previousHash,
				hashOf(seq, recordedAt, deployment, action, actor, subject, details, previousHash));
	}

	/** Whether the hash it carries is the hash of what it holds. */
	boolean sealed() {
		return hash.equals(hashOf(seq, recordedAt, deployment, action, actor, subject, details, previousHash));
	}

	private static String hashOf(long seq, Instant recordedAt, String deployment, String action, String actor,
			@Nullable String subject, String details, String previousHash) {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		digest.update(field(previousHash));
		digest.update(ByteBuffer.allocate(Long.BYTES * 3).putLong(seq).putLong(recordedAt.getEpochSecond())
			.putLong(recordedAt.getNano()).array());
		digest.update(field(deployment));
		digest.update(field(action));
		digest.update(field(actor));
		digest.update(subject == null ? ByteBuffer.allocate(Integer.BYTES).putInt(-1).array() : field(subject));
		digest.update(field(details));
		return HexFormat.of().formatHex(digest.digest());
	}

	private static byte[] field(String value) {
		var bytes = value.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(Integer.BYTES + bytes.length).putInt(bytes.length).put(bytes).array();
	}
}
