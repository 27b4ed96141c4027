/**
 * Social: who follows, mutes and blocks whom, who travelled together, and whom to suggest as a travel buddy. Follows
 * are public; mutes hide a person from one's own feed only; a block hides each of the two from the other everywhere,
 * which other modules learn through the shared kernel's {@link com.yuelv.shared.Blocks}. Companions are the
 * organizer and the accepted companions of a trip, learnt from booking's events; the places of trips from trip's.
 * Announces follows and blocks as {@link com.yuelv.social.SocialEvent}s.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Social", allowedDependencies = { "identity", "trip",
		"booking", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.social;
