package com.yuelv.shared;

import java.util.UUID;

import org.jmolecules.ddd.types.Identifier;

/**
 * Identifies a person's account. Issued by the identity module, referenced by every other module; it is the subject
 * of the access tokens.
 */
public record UserId(UUID value) implements Identifier {

	public UserId {
		if (value == null) {
			throw new IllegalArgumentException("A user id needs a value");
		}
	}

	public static UserId random() {
		return new UserId(UUID.randomUUID());
	}

	/**
	 * Parses the textual form used as a token subject.
	 *
	 * @throws Rejection when the text is not a user id
	 */
	public static UserId parse(String text) {
		try {
			return new UserId(UUID.fromString(text));
		}
		catch (IllegalArgumentException e) {
			throw Rejection.invalid("userId", "format", "'%s' is not a user id".formatted(text));
		}
	}

	@Override
	public String toString() {
		return value.toString();
	}
}
