package com.yuelv.feed.web;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.yuelv.content.MomentCard;
import com.yuelv.feed.internal.HomeFeed;
import com.yuelv.shared.CurrentUser;
import com.yuelv.shared.UserId;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The home feed over HTTP. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Feed")
class FeedController {

	private final HomeFeed feed;

	FeedController(HomeFeed feed) {
		this.feed = feed;
	}

	record FeedPage(List<MomentCard> items, @Nullable String nextPageToken, boolean degraded) {}

	@GetMapping("/feed")
	@Operation(summary = "One's home feed: one's own moments and those of the people one follows, newest first",
			description = "Pass nextPageToken as pageToken for the next page; a page may hold fewer than size moments "
					+ "and still have a next one. degraded is true (and the header Yuelv-Degraded names timelines) "
					+ "when the feed was read from the moments themselves because the timeline store is down.")
	FeedPage feed(@CurrentUser UserId user, @RequestParam(required = false) @Nullable String pageToken,
			@RequestParam(defaultValue = "20") int size) {
		var page = feed.read(user, pageToken, size);
		return new FeedPage(page.items(), page.nextPageToken(), page.degraded());
	}
}
