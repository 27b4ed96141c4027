package com.yuelv.shared;

import org.jspecify.annotations.Nullable;

import jakarta.persistence.AttributeConverter;

/**
 * Stores a text attribute encrypted under its module's keys. A module declares one converter per module, naming
 * itself ({@code class Sealed extends SealedText { Sealed(FieldCipher cipher) { super(cipher, "identity"); } }}),
 * and puts it on the fields whose {@link PersonalData} grade is encrypted.
 */
public abstract class SealedText implements AttributeConverter<@Nullable String, @Nullable String> {

	private final FieldCipher cipher;
	private final String module;

	protected SealedText(FieldCipher cipher, String module) {
		this.cipher = cipher;
		this.module = module;
	}

	@Override
	public @Nullable String convertToDatabaseColumn(@Nullable String attribute) {
		return attribute == null ? null : cipher.seal(module, attribute);
	}

	@Override
	public @Nullable String convertToEntityAttribute(@Nullable String column) {
		return column == null ? null : cipher.open(module, column);
	}
}
