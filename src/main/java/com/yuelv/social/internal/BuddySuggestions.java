package com.yuelv.social.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.yuelv.identity.IdentityApi;
import com.yuelv.identity.PublicProfile;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * Whom to suggest as a travel buddy, and why: people one travelled with, people who share companions with one,
 * people who follow the people one follows, people who went to the places one went to, and people who speak one's
 * languages. Each source gives at most {@value #PER_SOURCE} candidates; a candidate's score weighs what they have in
 * common, travelling together most. Nobody one follows already, blocks or is blocked by is suggested.
 */
@Service
public class BuddySuggestions {

	static final int MAX_SIZE = 50;
	static final int PER_SOURCE = 100;

	/** One thing a suggested person has in common with the one they are suggested to. */
	public enum Reason {
		/** Trips both were on. */
		TRAVELLED_TOGETHER(4, "travelled with you on %d trip(s)"),
		/** People both travelled with. */
		COMPANIONS_IN_COMMON(3, "%d companion(s) in common"),
		/** People both follow. */
		FOLLOW_IN_COMMON(2, "follows %d people you follow"),
		/** Places both went to. */
		PLACES_IN_COMMON(1, "went to %d place(s) you went to"),
		/** Languages both speak. */
		LANGUAGES_IN_COMMON(1, "speaks %d of your languages");

		private final int weight;
		private final String text;

		Reason(int weight, String text) {
			this.weight = weight;
			this.text = text;
		}

		/** The reason as shown, with its count. */
		public String explain(long count) {
			return text.formatted(count);
		}

		/** The name used in the API: {@code companions-in-common}, ... */
		public String key() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}
	}

	/** A suggested person, their score, and what they have in common with the viewer, most telling first. */
	public record Suggestion(UserId userId, String displayName, long score, Map<Reason, Long> reasons) {}

	private final JdbcClient jdbc;
	private final IdentityApi identity;

	BuddySuggestions(JdbcClient jdbc, IdentityApi identity) {
		this.jdbc = jdbc;
		this.identity = identity;
	}

	@Transactional(readOnly = true)
	public List<Suggestion> suggest(UserId person, int size) {
		if (size < 1 || size > MAX_SIZE) {
			throw Rejection.invalid("size", "range", "must be between 1 and " + MAX_SIZE);
		}
		var me = person.value();
		var found = new LinkedHashMap<UUID, Map<Reason, Long>>();
		collect(found, Reason.TRAVELLED_TOGETHER, """
				select m2.member_id as candidate, count(*) as n
				from social.trip_members m1
				join social.trip_members m2 on m2.trip_id = m1.trip_id and m2.member and m2.member_id <> m1.member_id
				where m1.member_id = :me and m1.member
				  and not exists (select 1 from social.cancelled_trips c where c.trip_id = m1.trip_id)
				group by m2.member_id order by n desc, m2.member_id limit :limit""", me);
		collect(found, Reason.COMPANIONS_IN_COMMON, """
				select m4.member_id as candidate, count(distinct m2.member_id) as n
				from social.trip_members m1
				join social.trip_members m2 on m2.trip_id = m1.trip_id and m2.member and m2.member_id <> m1.member_id
				join social.trip_members m3 on m3.member_id = m2.member_id and m3.member and m3.trip_id <> m1.trip_id
				join social.trip_members m4 on m4.trip_id = m3.trip_id and m4.member and m4.member_id <> m2.member_id
				where m1.member_id = :me and m1.member and m4.member_id <> :me
				  and not exists (select 1 from social.cancelled_trips c where c.trip_id = m1.trip_id)
				  and not exists (select 1 from social.cancelled_trips c where c.trip_id = m3.trip_id)
				group by m4.member_id order by n desc, m4.member_id limit :limit""", me);
		collect(found, Reason.FOLLOW_IN_COMMON, """
				select r2.person_id as candidate, count(*) as n
				from social.relationships r1
				join social.relationships r2 on r2.other_id = r1.other_id and r2.following and r2.person_id <> :me
				where r1.person_id = :me and r1.following
				group by r2.person_id order by n desc, r2.person_id limit :limit""", me);
		collect(found, Reason.PLACES_IN_COMMON, """
				select m2.member_id as candidate, count(distinct p1.place) as n
				from social.trip_members m1
				join social.trip_places p1 on p1.trip_id = m1.trip_id
				join social.trip_places p2 on p2.place = p1.place
				join social.trip_members m2 on m2.trip_id = p2.trip_id and m2.member and m2.member_id <> :me
				where m1.member_id = :me and m1.member
				  -- a trip both were on counts as travelling together, not as a place in common
				  and not exists (select 1 from social.trip_members mine
				      where mine.trip_id = p2.trip_id and mine.member_id = :me and mine.member)
				  and not exists (select 1 from social.cancelled_trips c where c.trip_id = m1.trip_id)
				  and not exists (select 1 from social.cancelled_trips c where c.trip_id = m2.trip_id)
				group by m2.member_id order by n desc, m2.member_id limit :limit""", me);

		var mine = identity.profile(person).map(PublicProfile::languages).orElse(List.of());
		var languages = lowerCase(mine);
		if (!languages.isEmpty()) {
			identity.speakers(languages.stream().limit(20).toList(), PER_SOURCE).forEach(speaker -> found
					.computeIfAbsent(speaker.value(), it -> new LinkedHashMap<>()));
		}
		found.remove(me);
		found.keySet().removeAll(excluded(me));

		var suggestions = new ArrayList<Suggestion>();
		for (var candidate : found.entrySet()) {
			var profile = identity.profile(new UserId(candidate.getKey()));
			if (profile.isEmpty()) {
				continue;
			}
			var reasons = candidate.getValue();
			var common = lowerCase(profile.get().languages());
			common.retainAll(languages);
			if (!common.isEmpty()) {
				reasons.put(Reason.LANGUAGES_IN_COMMON, (long) common.size());
			}
			if (reasons.isEmpty()) {
				continue;
			}
			var ordered = new LinkedHashMap<Reason, Long>();
			reasons.entrySet().stream()
					.sorted(Comparator.comparingLong((Map.Entry<Reason, Long> reason) -> reason.getKey().weight
							* reason.getValue()).reversed().thenComparing(Map.Entry::getKey))
					.forEach(reason -> ordered.put(reason.getKey(), reason.getValue()));
			var score = ordered.entrySet().stream().mapToLong(reason -> reason.getKey().weight * reason.getValue())
					.sum();
			suggestions.add(new Suggestion(profile.get().userId(), profile.get().displayName(), score, ordered));
		}
		suggestions.sort(Comparator.comparingLong(Suggestion::score).reversed()
				.thenComparing(suggestion -> suggestion.userId().value()));
		return suggestions.size() > size ? List.copyOf(suggestions.subList(0, size)) : suggestions;
	}

	private void collect(Map<UUID, Map<Reason, Long>> found, Reason reason, String sql, UUID me) {
		jdbc.sql(sql).param("me", me).param("limit", PER_SOURCE)
				.query((rs, row) -> Map.entry(rs.getObject("candidate", UUID.class), rs.getLong("n"))).list()
				.forEach(candidate -> found.computeIfAbsent(candidate.getKey(), it -> new LinkedHashMap<>())
						.put(reason, candidate.getValue()));
	}

	/** Whom the person follows, blocks or is blocked by. */
	private Set<UUID> excluded(UUID me) {
		return new HashSet<>(jdbc.sql("""
				select other_id from social.relationships where person_id = :me and (following or blocked)
				union
				select person_id from social.relationships where other_id = :me and blocked""").param("me", me)
				.query(UUID.class).list());
	}

	private static Set<String> lowerCase(List<String> languages) {
		var lower = new HashSet<String>();
		languages.forEach(language -> lower.add(language.toLowerCase(Locale.ROOT)));
		return lower;
	}
}
