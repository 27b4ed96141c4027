package com.yuelv.identity.internal;

import com.yuelv.shared.FieldCipher;
import com.yuelv.shared.SealedText;

import jakarta.persistence.Converter;

/** Identity's fields sealed under identity's keys. */
@Converter
class Sealed extends SealedText {

	static final String MODULE = "identity";

	Sealed(FieldCipher cipher) {
		super(cipher, MODULE);
	}
}
