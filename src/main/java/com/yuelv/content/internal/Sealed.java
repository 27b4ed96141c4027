package com.yuelv.content.internal;

import com.yuelv.shared.FieldCipher;
import com.yuelv.shared.SealedText;

import jakarta.persistence.Converter;

/** Content's text fields sealed under content's keys. */
@Converter
class Sealed extends SealedText {

	static final String MODULE = "content";

	Sealed(FieldCipher cipher) {
		super(cipher, MODULE);
	}
}
