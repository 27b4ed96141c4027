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

		roster.accept(organizer, first.requestId(), TODAY, NOW);
		roster.accept(organizer, second.requestId(), TODAY, NOW);

		assertThat(roster.taken()).isEqualTo(2);
		assertThat(roster.available()).isZero();
		assertThat(third.status()).isEqualTo(JoinRequestStatus.WAITLISTED);
		assertThat(ask(UserId.random(), NOW.plusSeconds(3)).status()).as("asked while full")
				.isEqualTo(JoinRequestStatus.WAITLISTED);
		assertThatThrownBy(() -> roster.accept(organizer, third.requestId(), TODAY, NOW))
				.isInstanceOfSatisfying(Rejection.class,
						rejection -> assertThat(rejection.problemType()).isEqualTo("trip-full"));
		assertThat(roster.taken()).as("never overbooked").isEqualTo(2);
	}

	@Test
	void aFreedSeatIsOfferedToTheOldestWaitingRequestAndHeldForIt() {
		var companion = UserId.random();
		var seat = ask(companion, NOW);
		roster.accept(organizer, seat.requestId(), TODAY, NOW);
		roster.accept(organizer, ask(UserId.random(), NOW.plusSeconds(1)).requestId(), TODAY, NOW);
		var older = ask(UserId.random(), NOW.plusSeconds(2));
		var younger = ask(UserId.random(), NOW.plusSeconds(3));

		roster.withdraw(companion, seat.requestId(), NOW);

		assertThat(seat.status()).isEqualTo(JoinRequestStatus.LEFT);
		assertThat(older.status()).isEqualTo(JoinRequestStatus.OFFERED);
		assertThat(younger.status()).isEqualTo(JoinRequestStatus.WAITLISTED);
		assertThat(roster.offered()).isEqualTo(1);
		assertThat(roster.available()).as("the offered seat is held").isZero();
		roster.accept(organizer, older.requestId(), TODAY, NOW);
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

		assertThatThrownBy(() -> roster.accept(UserId.random(), request.requestId(), TODAY, NOW))
				.isInstanceOfSatisfying(Rejection.class,
						rejection -> assertThat(rejection.problemType()).isEqualTo("not-organizer"));
		assertThat(request.status()).isEqualTo(JoinRequestStatus.PENDING);
	}

	@Test
	void aCancellationReleasesEveryoneOnceAndClosesTheRoster() {
		var accepted = ask(UserId.random(), NOW);
		roster.accept(organizer, accepted.requestId(), TODAY, NOW);
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
}
