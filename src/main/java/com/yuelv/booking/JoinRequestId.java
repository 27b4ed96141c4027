package com.yuelv.booking;

import java.util.UUID;

import org.jmolecules.ddd.types.Identifier;

/** Identifies a traveler's request to join a trip. */
public record JoinRequestId(UUID value) implements Identifier {

	public JoinRequestId {
		if (value == null) {
			throw new IllegalArgumentException("A join request id needs a value");
		}
	}

	@Override
	public String toString() {
		return value.toString();
	}
}
