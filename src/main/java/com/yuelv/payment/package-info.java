/**
 * Payment: money a traveller pays for a share of a trip, held in escrow until the trip starts and then paid out to the
 * organizer less the platform's fee. Payment intents follow a provider's life cycle (created, processing, requires
 * action, authorised, captured, failed, expired, cancelled, refunded in part or whole); every movement of money is a
 * balanced transaction of a double-entry ledger, whose balances are derived from its postings. The provider sits
 * behind a port, its results arrive by signed webhooks and a reconciliation asks after what did not. Knows nothing of
 * trips or bookings: a payment names its payer, payee, escrow and release date, and announces its outcomes as a
 * {@link com.yuelv.payment.PaymentEvent}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Payment", allowedDependencies = { "shared" })
@org.jspecify.annotations.NullMarked
package com.yuelv.payment;
