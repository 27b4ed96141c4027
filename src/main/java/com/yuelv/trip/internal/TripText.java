package com.yuelv.trip.internal;

import org.jspecify.annotations.Nullable;


import com.yuelv.shared.PersonalData;
import com.yuelv.shared.PersonalData.Grade;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A trip's title and description in one language. */
@Embeddable
class TripText {

	@PersonalData(Grade.CONTENT)
	@Column(nullable = false)
	private String title;

	@PersonalData(Grade.CONTENT)
	private @Nullable String description;

	protected TripText() {}

	TripText(String title, @Nullable String description) {
		this.title = title;
		this.description = description;
	}

	String title() {
		return title;
	}

	@Nullable
	String description() {
		return description;
	}
}
