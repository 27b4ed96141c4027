package com.yuelv.trip.internal;

import org.jspecify.annotations.Nullable;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A trip's title and description in one language. */
@Embeddable
class TripText {

	@Column(nullable = false)
	private String title;

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
