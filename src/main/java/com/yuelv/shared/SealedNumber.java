package com.yuelv.shared;

import org.jspecify.annotations.Nullable;

import jakarta.persistence.AttributeConverter;

/** Stores a number attribute (a coordinate) encrypted under its module's keys, as {@link SealedText} does text. */
public abstract class SealedNumber implements AttributeConverter<@Nullable Double, @Nullable String> {

	private final FieldCipher cipher;
	private final String module;

	protected SealedNumber(FieldCipher cipher, String module) {
		this.cipher = cipher;
		this.module = module;
	}

	@Override
	public @Nullable String convertToDatabaseColumn(@Nullable Double attribute) {
		return attribute == null ? null : cipher.seal(module, Double.toString(attribute));
	}

	@Override
	public @Nullable Double convertToEntityAttribute(@Nullable String column) {
		return column == null ? null : Double.valueOf(cipher.open(module, column));
	}
}
