package com.yuelv.trip.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.shared.LanguageTag;
import com.yuelv.shared.Money;
import com.yuelv.shared.PageTokens;
import com.yuelv.shared.PlainText;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripDetails;
import com.yuelv.trip.TripId;
import com.yuelv.trip.TripStatus;

import jakarta.persistence.EntityManager;

/**
 * Reading trips: one trip by id, and published trips by filter in a stable order (start date, then id) with keyset
 * pagination, so that a page never repeats or skips a trip when others are published meanwhile. One trip comes from
 * the cache ({@link TripDetailsSource}), which reads the database in a transaction of its own on a miss: a hit opens
 * none.
 */
@Service
public class TripCatalog {

	static final int MAX_PAGE_SIZE = 50;
	private static final String LISTING = "trips";

	/** Where a page of the trip list ended. */
	private record TripPosition(LocalDate startDate, UUID id) {}

	private final TripDetailsSource details;
	private final EntityManager entityManager;
	private final PageTokens pageTokens;

	TripCatalog(TripDetailsSource details, EntityManager entityManager, PageTokens pageTokens) {
		this.details = details;
		this.entityManager = entityManager;
		this.pageTokens = pageTokens;
	}

	/** A page of trips and the token for the next one, absent on the last page. */
	public record TripPage(List<Trip> trips, @Nullable String nextPageToken) {}

	/**
	 * A trip as the viewer may see it: trips that were never published (drafts, and drafts cancelled before
	 * publication) only by their organizer, everything else by anyone.
	 */
	public TripDetails find(TripId tripId, @Nullable UserId viewer) {
		return findVisible(tripId, viewer)
				.orElseThrow(() -> Rejection.notFound("trip-not-found", "No trip " + tripId));
	}

	public Optional<TripDetails> findVisible(TripId tripId, @Nullable UserId viewer) {
		return details.load(tripId).filter(trip -> trip.isVisibleTo(viewer));
	}

	/**
	 * Trips that were ever published and changed after the given moment (or at it, with a larger id), in the order
	 * of that change. A public trip changes only when it is published and when it is cancelled.
	 */
	@Transactional(readOnly = true)
	public List<TripDetails> publicChangedSince(java.time.Instant since, @Nullable TripId after, int limit) {
		var jpql = "select t from Trip t where t.publishedAt is not null and (t.updatedAt > :since"
				+ (after == null ? "" : " or (t.updatedAt = :since and t.id > :after)") + ") order by t.updatedAt, t.id";
		var query = entityManager.createQuery(jpql, Trip.class).setParameter("since", since).setMaxResults(limit);
		if (after != null) {
			query.setParameter("after", after.value());
		}
		return query.getResultList().stream().map(Trip::details).toList();
	}

	/** Trips that were ever published, in id order, after the given one. */
	@Transactional(readOnly = true)
	public List<TripDetails> everPublished(@Nullable TripId after, int limit) {
		var jpql = "select t from Trip t where t.publishedAt is not null"
				+ (after == null ? "" : " and t.id > :after") + " order by t.id";
		var query = entityManager.createQuery(jpql, Trip.class).setMaxResults(limit);
		if (after != null) {
			query.setParameter("after", after.value());
		}
		return query.getResultList().stream().map(Trip::details).toList();
	}

	@Transactional(readOnly = true)
	public TripPage published(TripQuery query, @Nullable String pageToken, int size) {
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw Rejection.invalid("size", "range", "must be between 1 and " + MAX_PAGE_SIZE);
		}
		var jpql = new StringBuilder("select t from Trip t where t.status = :published");
		var parameters = new HashMap<String, Object>();
		parameters.put("published", TripStatus.PUBLISHED);

		if (query.destination() != null && !query.destination().isBlank()) {
			var destination = PlainText.check("destination", query.destination(), 200, false);
			jpql.append(" and lower(t.destination) like :destination escape '!'");
			parameters.put("destination", "%" + escapeLike(destination.toLowerCase(Locale.ROOT)) + "%");
		}
		if (query.from() != null && query.to() != null && query.to().isBefore(query.from())) {
			throw Rejection.invalid("to", "after-from", "must not be before from");
		}
		if (query.from() != null) {
			jpql.append(" and t.endDate >= :from");
			parameters.put("from", query.from());
		}
		if (query.to() != null) {
			jpql.append(" and t.startDate <= :to");
			parameters.put("to", query.to());
		}
		if (query.maxBudget() != null) {
			if (query.currency() == null) {
				throw Rejection.invalid("currency", "required", "must be given with maxBudget");
			}
			var ceiling = Money.parse("maxBudget", query.maxBudget(), query.currency());
			jpql.append(" and t.budgetCurrency = :currency and t.budgetAmount <= :maxBudget");
			parameters.put("currency", ceiling.currency().getCurrencyCode());
			parameters.put("maxBudget", ceiling.amount());
		}
		if (query.language() != null) {
			var language = LanguageTag.parse("language", query.language()).value();
			jpql.append(" and exists (select 1 from t.languages l where l = :language or l like :languagePrefix)");
			parameters.put("language", language);
			parameters.put("languagePrefix", escapeLike(language) + "-%");
		}
		if (query.tag() != null) {
			jpql.append(" and :tag member of t.tags");
			parameters.put("tag", PlainText.check("tag", query.tag().toLowerCase(Locale.ROOT), 30, false));
		}
		if (pageToken != null) {
			var after = pageTokens.read("pageToken", LISTING, 2, pageToken,
					key -> new TripPosition(LocalDate.parse(key.get(0)), UUID.fromString(key.get(1))));
			jpql.append(" and (t.startDate > :afterDate or (t.startDate = :afterDate and t.id > :afterId))");
			parameters.put("afterDate", after.startDate());
			parameters.put("afterId", after.id());
		}
		jpql.append(" order by t.startDate, t.id");

		var typed = entityManager.createQuery(jpql.toString(), Trip.class).setMaxResults(size + 1);
		parameters.forEach(typed::setParameter);
		var found = new ArrayList<>(typed.getResultList());
		String next = null;
		if (found.size() > size) {
			found.removeLast();
			var last = found.getLast();
			next = pageTokens.issue(LISTING, List.of(last.startDate().toString(), last.tripId().toString()));
		}
		return new TripPage(found, next);
	}

	private static String escapeLike(String text) {
		return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
	}
}
