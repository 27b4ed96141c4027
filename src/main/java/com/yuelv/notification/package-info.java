/**
 * Notification: each person's in-app inbox. Learns what happened only from other modules' events (an account was
 * registered, a trip was published or cancelled, a request to join moved on, someone followed someone, liked or
 * commented on a moment, or posted one from a trip), handles each event exactly once by its event id, and lets people
 * list their entries (unread first) and mark them read. Whom to tell of a moment from a trip it asks the social
 * module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notification")
@org.jspecify.annotations.NullMarked
package com.yuelv.notification;
