package com.yuelv.content;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.yuelv.content.ContentEvent.Visibility;

/**
 * A moment as one viewer sees it: what the author posted, their name, the counts, and whether the viewer likes it.
 *
 * @param photos media's ids of the photos, in order
 */
public record MomentCard(UUID id, UUID authorId, String authorName, @Nullable String text, Visibility visibility,
		@Nullable UUID tripId, @Nullable MomentPlaceView place, List<UUID> photos, Instant postedAt,
		@Nullable Instant editedAt, long likes, long comments, boolean likedByYou) {

	public MomentCard {
		photos = List.copyOf(photos);
	}

	/** Where the moment was posted from. */
	public record MomentPlaceView(String name, double latitude, double longitude) {}
}
