package com.yuelv.payment;

import java.util.UUID;

import org.jmolecules.ddd.types.Identifier;

/** Identifies one payment (intent): chosen by the module that asks for it, so that asking again is harmless. */
public record PaymentId(UUID value) implements Identifier {

	public PaymentId {
		if (value == null) {
			throw new IllegalArgumentException("A payment id needs a value");
		}
	}

	@Override
	public String toString() {
		return value.toString();
	}
}
