package com.yuelv.trip;

import java.util.UUID;

import org.jmolecules.ddd.types.Identifier;

/** Identifies a trip across modules. */
public record TripId(UUID value) implements Identifier {

	public TripId {
		if (value == null) {
			throw new IllegalArgumentException("A trip id needs a value");
		}
	}

	@Override
	public String toString() {
		return value.toString();
	}
}
