package com.yuelv.content.internal;

import com.yuelv.shared.FieldCipher;
import com.yuelv.shared.SealedNumber;

import jakarta.persistence.Converter;

/** Content's coordinates sealed under content's keys. */
@Converter
class SealedCoordinate extends SealedNumber {

	SealedCoordinate(FieldCipher cipher) {
		super(cipher, Sealed.MODULE);
	}
}
