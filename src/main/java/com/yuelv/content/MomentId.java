package com.yuelv.content;

import java.util.UUID;

import org.jmolecules.ddd.types.Identifier;

/** Identifies a moment. */
public record MomentId(UUID value) implements Identifier {

	public MomentId {
		if (value == null) {
			throw new IllegalArgumentException("A moment id needs a value");
		}
	}

	@Override
	public String toString() {
		return value.toString();
	}
}
