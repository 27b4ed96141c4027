package com.yuelv.booking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.util.ReflectionTestUtils;

import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * A trip's roster: seats are never overbooked, a full trip waitlists, a freed seat goes to the oldest waiting
 * request, and a cancellation releases everyone once.
 */
class RosterUnitTest {

	private static final LocalDate TODAY = LocalDate.of(2027, 5, 1);
	private static final Instant NOW = Instant.parse("2027-05-01T08:00:00Z");
	private static final Instant PAY_BY = NOW.plusSeconds(1800);

	private final UserId organizer = UserId.random();
	private final Roster roster = open(2);
	/** What the booking module stores beside the roster: every request made so far. */
	private final List<JoinRequest> stored = new ArrayList<>();

	/** A roster as the booking module opens it for a published trip (stored by an insert, loaded by JPA). */
	private Roster open(int seats) {
		var opened = new Roster();
		ReflectionTestUtils.setField(opened, "tripId", UUID.randomUUID());
		ReflectionTestUtils.setField(opened, "organizerId", organizer.value());
		ReflectionTestUtils.setField(opened, "tripTitle", new LocalizedText(Map.of("zh", "稻城亚丁")));
		ReflectionTestUtils.setField(opened, "startDate", TODAY.plusDays(30));
		ReflectionTestUtils.setField(opened, "endDate", TODAY.plusDays(35));
		ReflectionTestUtils.setField(opened, "capacity", seats);
		ReflectionTestUtils.setField(opened, "createdAt", NOW);
		ReflectionTestUtils.setField(opened, "currency", "CNY");
		return opened;
	}

	/** A roster of a trip whose seats cost 6,800.00 CNY. */
	private Roster priced(int seats) {
		var opened = open(seats);
		ReflectionTestUtils.setField(opened, "priceMinor", 680_000L);
		return opened;
	}

	private JoinRequest ask(UserId traveler, Instant at) {
		var earlier = stored.stream().filter(it -> it.isBy(traveler)).toList();
		var request = roster.request(traveler, earlier, null, TODAY, at);
		stored.add(request);
		@SuppressWarnings("unchecked")
		var loaded = (List<JoinRequest>) ReflectionTestUtils.getField(roster, "requests");
		loaded.add(request);
		return request;
	}

	@Test
	void requestsWaitForTheOrganizerWhileSeatsAreFreeAndTheLastSeatWaitlistsTheRest() {
		var first = ask(UserId.random(), NOW);
		var second = ask(UserId.random(), NOW.plusSeconds(1));
		var third = ask(UserId.random(), NOW.plusSeconds(2));

		roster.accept(organizer, first.requestId(), TODAY, NOW, PAY_BY);
		roster.accept(organizer, second.requestId(), TODAY, NOW, PAY_BY);

		assertThat(roster.taken()).isEqualTo(2);
		assertThat(roster.available()).isZero();
		assertThat(third.status()).isEqualTo(JoinRequestStatus.WAITLISTED);
		assertThat(ask(UserId.random(), NOW.plusSeconds(3)).status()).as("asked while full")
				.isEqualTo(JoinRequestStatus.WAITLISTED);
		assertThatThrownBy(() -> roster.accept(organizer, third.requestId(), TODAY, NOW, PAY_BY))
				.isInstanceOfSatisfying(Rejection.class,
						rejection -> assertThat(rejection.problemType()).isEqualTo("trip-full"));
		assertThat(roster.taken()).as("never overbooked").isEqualTo(2);
	}

	@Test
	void aFreedSeatIsOfferedToTheOldestWaitingRequestAndHeldForIt() {
		var companion = UserId.random();
		var seat = ask(companion, NOW);
		roster.accept(organizer, seat.requestId(), TODAY, NOW, PAY_BY);
		roster.accept(organizer, ask(UserId.random(), NOW.plusSeconds(1)).requestId(), TODAY, NOW, PAY_BY);
		var older = ask(UserId.random(), NOW.plusSeconds(2));
		var younger = ask(UserId.random(), NOW.plusSeconds(3));

		roster.withdraw(companion, seat.requestId(), NOW);

		assertThat(seat.status()).isEqualTo(JoinRequestStatus.LEFT);
		assertThat(older.status()).isEqualTo(JoinRequestStatus.OFFERED);
		assertThat(younger.status()).isEqualTo(JoinRequestStatus.WAITLISTED);
		assertThat(roster.offered()).isEqualTo(1);
		assertThat(roster.available()).as("the offered seat is held").isZero();
		roster.accept(organizer, older.requestId(), TODAY, NOW, PAY_BY);
		assertThat(roster.taken()).isEqualTo(2);
		assertThat(roster.offered()).isZero();
	}

	@Test
	void theOrganizerDoesNotAskAndATravelerAsksAtMostFiveTimes() {
		assertThatThrownBy(() -> ask(organizer, NOW)).isInstanceOfSatisfying(Rejection.class,
				rejection -> assertThat(rejection.problemType()).isEqualTo("own-trip"));
		var traveler = UserId.random();
		for (var i = 0; i < Roster.MAX_REQUESTS_PER_TRAVELER; i++) {
			var request = ask(traveler, NOW.plusSeconds(i));
			assertThatThrownBy(() -> ask(traveler, NOW)).as("one active request at a time")
					.isInstanceOf(Rejection.class);
			roster.withdraw(traveler, request.requestId(), NOW);
		}
		assertThatThrownBy(() -> ask(traveler, NOW)).isInstanceOfSatisfying(Rejection.class,
				rejection -> assertThat(rejection.problemType()).isEqualTo("request-limit"));
	}

	@Test
	void onlyTheOrganizerDecides() {
		var request = ask(UserId.random(), NOW);

		assertThatThrownBy(() -> roster.accept(UserId.random(), request.requestId(), TODAY, NOW, PAY_BY))
				.isInstanceOfSatisfying(Rejection.class,
						rejection -> assertThat(rejection.problemType()).isEqualTo("not-organizer"));
		assertThat(request.status()).isEqualTo(JoinRequestStatus.PENDING);
	}

	@Test
	void aCancellationReleasesEveryoneOnceAndClosesTheRoster() {
		var accepted = ask(UserId.random(), NOW);
		roster.accept(organizer, accepted.requestId(), TODAY, NOW, PAY_BY);
		var pending = ask(UserId.random(), NOW.plusSeconds(1));

		roster.cancelTrip(NOW);
		roster.cancelTrip(NOW.plusSeconds(60));

		assertThat(accepted.status()).isEqualTo(JoinRequestStatus.RELEASED);
		assertThat(pending.status()).isEqualTo(JoinRequestStatus.RELEASED);
		assertThat(roster.taken()).isZero();
		assertThat(roster.isCancelled()).isTrue();
		assertThatThrownBy(() -> ask(UserId.random(), NOW)).isInstanceOfSatisfying(Rejection.class,
				rejection -> assertThat(rejection.problemType()).isEqualTo("trip-cancelled"));
	}

	@Test
	void onATripWithAPriceAcceptanceHoldsTheSeatUntilItIsPaidFor() {
		var paid = priced(1);
		var first = askOn(paid, UserId.random(), NOW);
		var second = askOn(paid, UserId.random(), NOW.plusSeconds(1));

		assertThat(paid.accept(organizer, first.requestId(), TODAY, NOW, PAY_BY).status())
				.isEqualTo(JoinRequestStatus.HELD);
		// the held seat counts as taken: the other request waits
		assertThat(paid.available()).isZero();
		assertThat(second.status()).isEqualTo(JoinRequestStatus.WAITLISTED);
		assertThat(events(paid)).anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(
				com.yuelv.booking.BookingEvent.SeatHeld.class, held -> {
					assertThat(held.price().minorUnits()).isEqualTo(680_000L);
					assertThat(held.payBy()).isEqualTo(PAY_BY);
				}));

		assertThat(paid.confirm(first.requestId(), NOW.plusSeconds(60))).isTrue();
		assertThat(first.status()).isEqualTo(JoinRequestStatus.ACCEPTED);
		assertThat(paid.taken()).isOne();
		// a second authorisation confirms nothing more
		assertThat(paid.confirm(first.requestId(), NOW.plusSeconds(61))).isFalse();
	}

	@Test
	void aLapsedHoldFreesTheSeatForTheOldestWaitingRequest() {
		var paid = priced(1);
		var first = askOn(paid, UserId.random(), NOW);
		var second = askOn(paid, UserId.random(), NOW.plusSeconds(1));
		paid.accept(organizer, first.requestId(), TODAY, NOW, PAY_BY);

		assertThat(paid.lapse(first.requestId(), "The seat was not paid for.", PAY_BY)).isTrue();
		assertThat(first.status()).isEqualTo(JoinRequestStatus.LAPSED);
		assertThat(first.reason()).isEqualTo("The seat was not paid for.");
		assertThat(second.status()).isEqualTo(JoinRequestStatus.OFFERED);
		assertThat(paid.taken()).isZero();
		assertThat(paid.offered()).isOne();
		// a late payment finds no held seat
		assertThat(paid.confirm(first.requestId(), PAY_BY.plusSeconds(1))).isFalse();
		assertThat(paid.lapse(first.requestId(), "again", PAY_BY.plusSeconds(1))).isFalse();
	}

	@Test
	void aHeldSeatOrACompanionsSeatRejectedOrWithdrawnIsFreed() {
		var paid = priced(2);
		var held = askOn(paid, UserId.random(), NOW);
		var companion = askOn(paid, UserId.random(), NOW.plusSeconds(1));
		paid.accept(organizer, held.requestId(), TODAY, NOW, PAY_BY);
		paid.accept(organizer, companion.requestId(), TODAY, NOW, PAY_BY);
		paid.confirm(companion.requestId(), NOW);
		assertThat(paid.taken()).isEqualTo(2);

		paid.withdraw(held.traveler(), held.requestId(), NOW.plusSeconds(5));
		assertThat(held.status()).isEqualTo(JoinRequestStatus.WITHDRAWN);
		paid.reject(organizer, companion.requestId(), "Plans changed", NOW.plusSeconds(6));
		assertThat(companion.status()).isEqualTo(JoinRequestStatus.REJECTED);
		assertThat(paid.taken()).isZero();
		assertThat(paid.available()).isEqualTo(2);
	}

	static java.util.Collection<?> events(Object aggregate) {
		return java.util.Objects.requireNonNull(ReflectionTestUtils.invokeMethod(aggregate, "domainEvents"));
	}

	private JoinRequest askOn(Roster on, UserId traveler, Instant at) {
		var request = on.request(traveler, List.of(), null, TODAY, at);
		@SuppressWarnings("unchecked")
		var loaded = (List<JoinRequest>) ReflectionTestUtils.getField(on, "requests");
		loaded.add(request);
		return request;
	}
}
