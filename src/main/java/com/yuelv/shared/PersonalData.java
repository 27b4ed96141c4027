package com.yuelv.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a stored field that holds personal data, with its grade. The grade says how it is kept: the higher grades are
 * encrypted at rest field by field ({@link SealedText}, {@link SealedNumber}); every grade is part of a person's export
 * and is erased with them. An architecture rule fails on an entity field with a personal-sounding name and no grade.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PersonalData {

	Grade value();

	/** How sensitive a field is, and so how it is kept. */
	enum Grade {

		/** How to reach the person: an email, a phone number. Encrypted, found by a keyed blind index if at all. */
		CONTACT(true),
		/** Who the person is: the name they are known by, documents, faces. Encrypted. */
		IDENTITY(true),
		/** Where the person lives or was: a home city, the place a moment was posted from. Encrypted. */
		LOCATION(true),
		/**
		 * What the person wrote or published for others: a bio, moments, comments, messages, a published trip's
		 * itinerary. Kept readable (it is shown, searched and moderated), exported and erased with the person.
		 */
		CONTENT(false);

		private final boolean encrypted;

		Grade(boolean encrypted) {
			this.encrypted = encrypted;
		}

		/** Whether fields of this grade are encrypted at rest. */
		public boolean encrypted() {
			return encrypted;
		}
	}
}
