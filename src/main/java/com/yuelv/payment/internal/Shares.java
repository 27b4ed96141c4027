package com.yuelv.payment.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Parts of an amount in a currency's minor unit, rounded half to even (banker's rounding), so that rounding favours
 * neither side over many payments: the platform's fee in basis points, a refund in percent.
 */
final class Shares {

	private Shares() {}

	/** {@code basisPoints} hundredths of a percent of the amount: 500 is 5 %. */
	static long basisPoints(long amount, int basisPoints) {
		return part(amount, basisPoints, 10_000);
	}

	static long percent(long amount, int percent) {
		return part(amount, percent, 100);
	}

	private static long part(long amount, int numerator, int denominator) {
		if (amount < 0 || numerator < 0 || numerator > denominator) {
			throw new IllegalArgumentException("A share is of a positive amount and at most the whole of it");
		}
		return BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(numerator))
				.divide(BigDecimal.valueOf(denominator), 0, RoundingMode.HALF_EVEN).longValueExact();
	}
}
