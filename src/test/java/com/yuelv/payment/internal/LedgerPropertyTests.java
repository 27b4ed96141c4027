package com.yuelv.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import com.yuelv.payment.PaymentId;
import com.yuelv.payment.PaymentRequest;
import com.yuelv.shared.Money;
import com.yuelv.shared.UserId;

/**
 * The ledger's invariants under any sequence of payments, captures, refunds, settlements and payouts, in currencies
 * of different exponents: every transaction sums to zero per currency, no escrow, payable or fee balance goes below
 * zero and no payer's above it, the escrow holds exactly what was captured and not refunded or released, and every
 * amount is whole minor units.
 */
class LedgerPropertyTests {

	private static final Instant NOW = Instant.parse("2027-05-01T08:00:00Z");
	private static final LocalDate START = LocalDate.of(2027, 6, 1);

	/** One thing that may happen to one of the payments. */
	record Operation(String kind, int payment, int percent) {}

	@Provide
	Arbitrary<List<Operation>> operations() {
		var kind = Arbitraries.of("authorise", "capture", "refund", "settle", "payout", "fail", "cancel");
		return Combinators.combine(kind, Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 100))
				.as(Operation::new).list().ofMinSize(1).ofMaxSize(60);
	}

	@Property(tries = 400)
	void everyTransactionBalancesAndNoBalanceGoesWhereItMustNot(@ForAll("operations") List<Operation> operations,
			@ForAll @Size(5) List<@IntRange(min = 1, max = 50_000_000) Integer> amounts,
			@ForAll @IntRange(min = 0, max = 3000) int feeBasisPoints) {
		var books = new Books();
		var payments = new ArrayList<PaymentIntent>();
		for (var i = 0; i < 5; i++) {
			var currency = Currency.getInstance(i % 2 == 0 ? "CNY" : "JPY");
			payments.add(new PaymentIntent(new PaymentRequest(new PaymentId(UUID.randomUUID()), "request-" + i,
					UserId.random(), UserId.random(), Money.ofMinor(amounts.get(i), currency), "trip:" + (i % 3),
					START, NOW.plusSeconds(1800), "A seat"), NOW));
		}
		for (var operation : operations) {
			var payment = payments.get(operation.payment());
			switch (operation.kind()) {
				case "authorise" -> payment.providerSays("pi_" + operation.payment(), ProviderStatus.AUTHORISED, 0,
						null, NOW);
				case "fail" -> payment.providerSays("pi_" + operation.payment(), ProviderStatus.FAILED, 0, "declined",
						NOW);
				case "cancel" -> payment.requestCancel(NOW);
				case "capture" -> {
					var wasCaptured = payment.status().isCaptured();
					payment.providerSays("pi_" + operation.payment(), ProviderStatus.CAPTURED,
							payment.amountMinor(), null, NOW);
					if (!wasCaptured && payment.status().isCaptured()) {
						books.add(LedgerTransaction.capture(payment.id(), payment.payer(), payment.escrow(),
								payment.currency(), payment.capturedMinor(), NOW));
					}
				}
				case "refund" -> {
					var refund = new Refund(payment.id(), UUID.randomUUID(), operation.percent(), "test", NOW);
					var amount = refund.amountOf(payment);
					assertThat(amount).isBetween(0L, payment.refundable());
					if (amount > 0) {
						payment.refunded(amount, NOW);
						books.add(LedgerTransaction.refund(payment.id(), payment.payer(), payment.escrow(),
								payment.currency(), amount, NOW));
					}
				}
				case "settle" -> payment.settle(START, NOW).filter(amount -> amount > 0).ifPresent(amount -> {
					var fee = Shares.basisPoints(amount, feeBasisPoints);
					assertThat(fee).isBetween(0L, amount);
					books.add(LedgerTransaction.settlement(payment.id(), payment.payee(), payment.escrow(),
							payment.currency(), amount, fee, NOW));
				});
				case "payout" -> {
					var payable = books.balance(Accounts.payable(payment.payee()), payment.currency());
					if (payable > 0) {
						books.add(LedgerTransaction.payout(payment.payee(), payment.currency(), payable, NOW));
					}
				}
				default -> throw new IllegalStateException(operation.kind());
			}
			books.check();
			// a refund is never more than what is left, nor possible once the money was released
			assertThat(payment.refundedMinor()).isBetween(0L, payment.capturedMinor());
			if (payment.isSettled()) {
				assertThat(payment.refundable()).isZero();
			}
		}
		// the escrows hold what was captured, less what went back or was released
		for (var escrow : List.of("trip:0", "trip:1", "trip:2")) {
			for (var currency : List.of(Currency.getInstance("CNY"), Currency.getInstance("JPY"))) {
				var held = payments.stream().filter(it -> it.escrow().equals(escrow) && it.currency().equals(currency)
						&& !it.isSettled()).mapToLong(it -> it.capturedMinor() - it.refundedMinor()).sum();
				assertThat(books.balance(Accounts.escrow(escrow), currency)).isEqualTo(held);
			}
		}
	}

	@Property(tries = 200)
	void unbalancedOrEmptyPostingsAreRefused(@ForAll @IntRange(min = 1, max = 1_000_000) int amount,
			@ForAll @IntRange(min = 1, max = 1_000) int off) {
		assertThatThrownBy(() -> new LedgerTransaction(LedgerTransaction.Kind.CAPTURE, null, NOW, List.of(
				new Posting("payer:x", "CNY", -amount), new Posting("escrow:y", "CNY", amount + off))))
				.isInstanceOf(IllegalArgumentException.class);
		// the same sum in two currencies does not balance either
		assertThatThrownBy(() -> new LedgerTransaction(LedgerTransaction.Kind.CAPTURE, null, NOW, List.of(
				new Posting("payer:x", "CNY", -amount), new Posting("escrow:y", "JPY", amount))))
				.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new LedgerTransaction(LedgerTransaction.Kind.CAPTURE, null, NOW, List.of(
				new Posting("payer:x", "CNY", -amount)))).isInstanceOf(IllegalArgumentException.class);
	}

	@Property
	void feesAndRefundSharesAreWholeMinorUnitsRoundedHalfToEven(@ForAll @IntRange(min = 0, max = 100_000_000) int amount,
			@ForAll @IntRange(min = 0, max = 100) int percent) {
		var share = Shares.percent(amount, percent);
		var exact = new java.math.BigDecimal(amount).multiply(java.math.BigDecimal.valueOf(percent))
				.divide(java.math.BigDecimal.valueOf(100));
		assertThat(java.math.BigDecimal.valueOf(share).subtract(exact).abs())
				.isLessThanOrEqualTo(new java.math.BigDecimal("0.5"));
		assertThat(share).isBetween(0L, (long) amount);
	}

	/** An in-memory ledger: the transactions and the balances summed from their postings. */
	private static final class Books {

		private final List<LedgerTransaction> transactions = new ArrayList<>();
		private final Map<String, Long> balances = new HashMap<>();

		void add(LedgerTransaction transaction) {
			transactions.add(transaction);
			transaction.postings().forEach(posting -> balances.merge(posting.account() + " " + posting.currency(),
					posting.amount(), Math::addExact));
		}

		long balance(String account, Currency currency) {
			return balances.getOrDefault(account + " " + currency.getCurrencyCode(), 0L);
		}

		void check() {
			for (var transaction : transactions) {
				var sums = new HashMap<String, Long>();
				transaction.postings().forEach(posting -> sums.merge(posting.currency(), posting.amount(), Long::sum));
				assertThat(sums.values()).allMatch(sum -> sum == 0);
			}
			balances.forEach((key, balance) -> assertThat(Accounts.allows(key.substring(0, key.lastIndexOf(' ')),
					balance)).as("balance %d of %s", balance, key).isTrue());
		}
	}
}
