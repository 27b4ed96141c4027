package com.yuelv.platform.events;

/** The headers an event carries between deployments. */
final class EventMessages {

	/** The event's type, by the name it travels under ({@code trip.TripPublished}). */
	static final String TYPE = "yuelv-event-type";

	/** The version of the event types' JSON shape the publisher wrote. */
	static final String SCHEMA_VERSION = "yuelv-schema-version";

	/** The version this build writes and reads; a consumer dead-letters any newer one. */
	static final int CURRENT_SCHEMA_VERSION = 1;

	/** Why a message was dead-lettered, and where it was headed. */
	static final String DEAD_REASON = "yuelv-dead-reason";
	static final String DEAD_QUEUE = "yuelv-dead-queue";

	private EventMessages() {}
}
