package com.yuelv.shared;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * An amount in an ISO 4217 currency, never negative and never more precise than the currency allows.
 */
public record Money(BigDecimal amount, Currency currency) {

	public Money {
		if (amount == null || currency == null) {
			throw new IllegalArgumentException("Money needs an amount and a currency");
		}
		if (amount.signum() < 0) {
			throw new IllegalArgumentException("Money cannot be negative");
		}
	}

	/**
	 * Validates user input into money.
	 *
	 * @param field the request field holding the amount and currency, named in a rejection
	 * @throws Rejection naming {@code field.amount} or {@code field.currency}
	 */
	public static Money parse(String field, BigDecimal amount, String currencyCode) {
		if (currencyCode == null || !currencyCode.matches("[A-Z]{3}")) {
			throw Rejection.invalid(field + ".currency", "iso-4217", "must be a three-letter ISO 4217 currency code");
		}
		Currency currency;
		try {
			currency = Currency.getInstance(currencyCode);
		}
		catch (IllegalArgumentException e) {
			throw Rejection.invalid(field + ".currency", "iso-4217", "'%s' is not a known currency".formatted(currencyCode));
		}
		if (amount == null) {
			throw Rejection.invalid(field + ".amount", "required", "must be given");
		}
		if (amount.signum() < 0) {
			throw Rejection.invalid(field + ".amount", "non-negative", "must not be negative");
		}
		if (amount.compareTo(new BigDecimal("100000000")) >= 0) {
			throw Rejection.invalid(field + ".amount", "max", "must be less than 100000000");
		}
		var digits = Math.max(currency.getDefaultFractionDigits(), 0);
		var normalized = amount.stripTrailingZeros();
		if (normalized.scale() > digits) {
			throw Rejection.invalid(field + ".amount", "precision",
					"%s allows at most %d decimal places".formatted(currencyCode, digits));
		}
		return new Money(amount.setScale(digits), currency);
	}

	/** The currency's exponent: the digits after the decimal point of its minor unit (CNY 2, JPY 0). */
	public int exponent() {
		return Math.max(currency.getDefaultFractionDigits(), 0);
	}

	/** The amount in the currency's minor unit (fen for CNY, yen for JPY). */
	public long minorUnits() {
		return amount.movePointRight(exponent()).setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
	}

	/** An amount given in the currency's minor unit. */
	public static Money ofMinor(long minorUnits, Currency currency) {
		return new Money(BigDecimal.valueOf(minorUnits, Math.max(currency.getDefaultFractionDigits(), 0)), currency);
	}
}
