package com.yuelv.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Currency;

import org.junit.jupiter.api.Test;

import com.yuelv.shared.Money;

/** Money in minor units by each currency's own exponent, and shares rounded half to even. */
class SharesTests {

	@Test
	void minorUnitsFollowTheCurrencysExponent() {
		var yuan = new Money(new BigDecimal("6800.50"), Currency.getInstance("CNY"));
		assertThat(yuan.minorUnits()).isEqualTo(680_050);
		var yen = new Money(new BigDecimal("98000"), Currency.getInstance("JPY"));
		assertThat(yen.exponent()).isZero();
		assertThat(yen.minorUnits()).isEqualTo(98_000);
		assertThat(Money.ofMinor(680_050, Currency.getInstance("CNY"))).isEqualTo(yuan);
		assertThat(Money.ofMinor(98_000, Currency.getInstance("JPY")).amount()).isEqualByComparingTo("98000");
	}

	@Test
	void feesAndRefundsRoundHalfToEven() {
		// 5 % of 0.50 CNY is 2.5 fen: to the even 2; of 0.70 CNY 3.5 fen: to the even 4
		assertThat(Shares.basisPoints(50, 500)).isEqualTo(2);
		assertThat(Shares.basisPoints(70, 500)).isEqualTo(4);
		// 5 % of 99,999 JPY is 4,999.95 yen: 5,000
		assertThat(Shares.basisPoints(99_999, 500)).isEqualTo(5_000);
		assertThat(Shares.percent(680_001, 50)).isEqualTo(340_000);
		assertThat(Shares.percent(680_003, 50)).isEqualTo(340_002);
		assertThat(Shares.percent(680_000, 100)).isEqualTo(680_000);
		assertThat(Shares.percent(680_000, 0)).isZero();
	}
}
