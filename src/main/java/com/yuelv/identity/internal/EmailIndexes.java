package com.yuelv.identity.internal;

import org.springframework.stereotype.Component;

import com.yuelv.shared.FieldCipher;

/**
 * The blind index of an email, by which an account is found at login and an email is counted by the login throttle
 * without any email stored in the clear: a keyed hash of the email in its one spelling ({@link EmailAddress}).
 */
@Component
public class EmailIndexes {

	private final FieldCipher cipher;

	EmailIndexes(FieldCipher cipher) {
		this.cipher = cipher;
	}

	String of(String normalizedEmail) {
		return cipher.blindIndex(Sealed.MODULE, normalizedEmail);
	}
}
