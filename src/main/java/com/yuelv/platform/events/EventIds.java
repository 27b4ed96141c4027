package com.yuelv.platform.events;

import java.util.UUID;

import org.springframework.util.ReflectionUtils;

/** The id of an event, by which a receiving deployment recognises a redelivery: every domain event has one. */
final class EventIds {

	private EventIds() {}

	static UUID of(Object event) {
		var accessor = ReflectionUtils.findMethod(event.getClass(), "eventId");
		if (accessor == null || accessor.getReturnType() != UUID.class) {
			throw new IllegalStateException(event.getClass().getName() + " has no eventId(); events that cross "
					+ "deployments need one to be taken in once");
		}
		var id = (UUID) ReflectionUtils.invokeMethod(accessor, event);
		if (id == null) {
			throw new IllegalStateException(event.getClass().getName() + " has no event id");
		}
		return id;
	}
}
