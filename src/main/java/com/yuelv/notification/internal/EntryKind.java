package com.yuelv.notification.internal;

/** What an inbox entry is about; clients may render their own text from it. */
public enum EntryKind {
	WELCOME, TRIP_PUBLISHED, TRIP_CANCELLED
}
