package com.yuelv.identity.internal;

import java.util.List;

import org.jmolecules.ddd.annotation.ValueObject;
import org.jspecify.annotations.Nullable;

/**
 * What an account shows about its person. Languages are canonical BCP 47 tags.
 */
@ValueObject
public record Profile(String displayName, @Nullable String homeCity, List<String> languages, List<String> interests,
		@Nullable String bio) {

	/** Longest display name, in characters. */
	public static final int MAX_DISPLAY_NAME = 60;

	public Profile {
		languages = List.copyOf(languages);
		interests = List.copyOf(interests);
	}
}
