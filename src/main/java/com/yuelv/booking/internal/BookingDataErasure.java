package com.yuelv.booking.internal;

import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.yuelv.booking.JoinRequestId;
import com.yuelv.shared.ErasedPeople;
import com.yuelv.shared.LocalizedText;
import com.yuelv.shared.PersonalDataErasure;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * Booking's part of an erasure. The person's active requests are withdrawn first, as they would withdraw them (a
 * seat they hold is freed for the next in line, and a paid one refunded as the trip's terms say), each in its own
 * transaction. Then their requests go, except those a payment was made for: those, and the seat purchases, stay for
 * the ledger with the person's id replaced by their pseudonym and their message gone. The rosters of the trips they
 * organized go too, unless a purchase was made on them: those stay under the pseudonym and without the trip's title.
 */
@Component
class BookingDataErasure implements PersonalDataErasure {

	private static final Logger LOG = LoggerFactory.getLogger(BookingDataErasure.class);
	static final LocalizedText WITHDRAWN_TITLE = new LocalizedText(Map.of("en", "A withdrawn trip"));

	private final Companionship companionship;
	private final JdbcClient jdbc;
	private final ErasedPeople erased;
	private final TransactionTemplate transaction;

	BookingDataErasure(Companionship companionship, JdbcClient jdbc, ErasedPeople erased,
			PlatformTransactionManager transactions) {
		this.companionship = companionship;
		this.jdbc = jdbc;
		this.erased = erased;
		this.transaction = new TransactionTemplate(transactions);
	}

	@Override
	public String module() {
		return "booking";
	}

	@Override
	public void erase(UserId person) {
		var active = jdbc.sql("""
				select id from booking.join_requests
				where traveler_id = ? and status in ('PENDING', 'WAITLISTED', 'OFFERED', 'HELD', 'ACCEPTED')""")
			.param(person.value())
			.query(UUID.class)
			.list();
		for (var request : active) {
			try {
				companionship.withdraw(person, new JoinRequestId(request));
			}
			catch (Rejection ended) {
				LOG.debug("Request {} could not be withdrawn ({}); it is erased as it is", request, ended.getMessage());
			}
		}
		var pseudonym = erased.pseudonymOf(person).value();
		transaction.executeWithoutResult(status -> {
			jdbc.sql("""
					delete from booking.join_requests where traveler_id = ?
					and id not in (select request_id from booking.seat_purchases)""").param(person.value()).update();
			jdbc.sql("""
					update booking.join_requests set traveler_id = ?, message = null, version = version + 1
					where traveler_id = ?""").params(pseudonym, person.value()).update();
			jdbc.sql("update booking.seat_purchases set traveler_id = ?, version = version + 1 where traveler_id = ?")
				.params(pseudonym, person.value()).update();
			jdbc.sql("update booking.seat_purchases set organizer_id = ?, version = version + 1 where organizer_id = ?")
				.params(pseudonym, person.value()).update();
			var organized = jdbc.sql("select trip_id from booking.rosters where organizer_id = ?")
				.param(person.value()).query(UUID.class).list();
			for (var trip : organized) {
				var paid = jdbc.sql("select count(*) from booking.seat_purchases where trip_id = ?").param(trip)
					.query(Long.class).single() > 0;
				if (paid) {
					jdbc.sql("""
							update booking.join_requests set reason = null, version = version + 1 where trip_id = ?""").param(trip).update();
					jdbc.sql("update booking.rosters set organizer_id = ?, trip_title = ?, version = version + 1 where trip_id = ?")
						.params(pseudonym, new TitleConverter().convertToDatabaseColumn(WITHDRAWN_TITLE), trip)
						.update();
				}
				else {
					jdbc.sql("delete from booking.join_requests where trip_id = ?").param(trip).update();
					jdbc.sql("delete from booking.rosters where trip_id = ?").param(trip).update();
				}
			}
		});
	}
}
