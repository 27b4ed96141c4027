package com.yuelv.feed.internal;

import org.springframework.stereotype.Component;

import com.yuelv.shared.PersonalDataErasure;
import com.yuelv.shared.UserId;

/**
 * Feed's part of an erasure: the person's timeline, their moments in everyone else's, and their mark as an author read
 * by fan-in. The feed keeps nothing else of anyone's: it reads moments and follows from their modules.
 */
@Component
class FeedDataErasure implements PersonalDataErasure {

	private final Timelines timelines;
	private final HeavyAuthors heavyAuthors;

	FeedDataErasure(Timelines timelines, HeavyAuthors heavyAuthors) {
		this.timelines = timelines;
		this.heavyAuthors = heavyAuthors;
	}

	@Override
	public String module() {
		return "feed";
	}

	@Override
	public void erase(UserId person) {
		heavyAuthors.forget(person);
		timelines.erase(person);
	}
}
