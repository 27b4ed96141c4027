package com.yuelv.notification.internal;

import com.yuelv.shared.FieldCipher;
import com.yuelv.shared.SealedText;

import jakarta.persistence.Converter;

/** Notification's fields sealed under notification's keys. */
@Converter
class Sealed extends SealedText {

	static final String MODULE = "notification";

	Sealed(FieldCipher cipher) {
		super(cipher, MODULE);
	}
}
