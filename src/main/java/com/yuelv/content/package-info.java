/**
 * Content: the moments travellers post (text in any language, up to nine photos, optionally a trip and a place),
 * seen by everyone, by the author's followers or by the trip's companions; likes, one per person; comments with one
 * level of replies; and moderation: a word list an operator changes at run time that refuses or masks words, reports
 * anyone can make, and an admin who resolves them. Announces every moment, like and comment as a
 * {@link com.yuelv.content.ContentEvent}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Content", allowedDependencies = { "identity", "social",
		"trip", "media", "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.content;
