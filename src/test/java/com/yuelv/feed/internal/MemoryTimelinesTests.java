package com.yuelv.feed.internal;

/** The timeline store of embedded mode keeps the contract. */
class MemoryTimelinesTests extends TimelinesContract {

	private final MemoryTimelines timelines = new MemoryTimelines(settings("unused:"));

	@Override
	Timelines timelines() {
		return timelines;
	}
}
