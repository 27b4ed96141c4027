/**
 * Feed: each traveller's home feed, the moments of the people they follow and their own, newest first. A moment is
 * written into every follower's timeline when it is posted (fan-out on write), but for authors with more followers
 * than a threshold, whose moments are merged in when a follower reads (fan-in on read). Timelines are capped, kept
 * in Redis (in memory in embedded mode), dropped when their owner stops reading and rebuilt from the moments
 * themselves when missing; without the store, feeds are read from the moments, marked degraded. Unfollows, blocks,
 * mutes, edits of visibility and deletions take effect at once, on read, and are cleaned out of the timelines after.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Feed", allowedDependencies = { "content", "social",
		"shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.feed;
