package com.yuelv.content.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.test.util.ReflectionTestUtils;

import com.yuelv.content.ContentEvent;
import com.yuelv.content.ContentEvent.Visibility;
import com.yuelv.shared.GeoPoint;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.trip.TripId;

/**
 * A moment: it says something, holds at most nine photos once each, names its trip when it is for the trip's
 * companions, is changed and deleted by its author only (or deleted by moderation), and is seen by whom its
 * visibility lets see it, never after its deletion.
 */
class MomentUnitTest {

	private static final Instant NOW = Instant.parse("2027-05-01T08:00:00Z");

	private final UserId author = UserId.random();
	private final TripId trip = new TripId(UUID.randomUUID());

	private Moment post(String text, List<UUID> photos, Visibility visibility) {
		return Moment.post(author, "Author", new Moment.Draft(text, photos, visibility, trip, null), NOW);
	}

	@Test
	void aNewMomentIsAnnouncedWithItsAuthorAndPhotos() {
		var photos = List.of(UUID.randomUUID(), UUID.randomUUID());
		var moment = Moment.post(author, "Author", new Moment.Draft("洱海的日落", photos, Visibility.PUBLIC, null,
				new Moment.Place("大理", new GeoPoint(25.6, 100.2))), NOW);

		assertThat(moment.photos()).containsExactlyElementsOf(photos);
		assertThat(moment.place()).isEqualTo(new Moment.Place("大理", new GeoPoint(25.6, 100.2)));
		assertThat(events(moment)).singleElement().isInstanceOfSatisfying(ContentEvent.MomentPosted.class,
				posted -> {
					assertThat(posted.author()).isEqualTo(author);
					assertThat(posted.authorName()).isEqualTo("Author");
					assertThat(posted.photos()).containsExactlyElementsOf(photos);
					assertThat(posted.tripId()).isNull();
				});
	}

	@Test
	void aMomentSaysSomething() {
		assertThatExceptionOfType(Rejection.class).isThrownBy(() -> post("   ", List.of(), Visibility.PUBLIC))
				.satisfies(refusal -> assertThat(refusal.violations().getFirst().rule()).isEqualTo("required"));
		assertThat(post("", List.of(UUID.randomUUID()), Visibility.PUBLIC).text()).as("photos alone").isNull();
		assertThatExceptionOfType(Rejection.class).isThrownBy(() -> post("x".repeat(2_001), List.of(),
				Visibility.PUBLIC)).satisfies(refusal -> assertThat(refusal.violations().getFirst().rule())
						.isEqualTo("max-length"));
	}

	@Test
	void holdsAtMostNinePhotosEachOnce() {
		var ten = IntStream.range(0, 10).mapToObj(i -> UUID.randomUUID()).toList();
		assertThatExceptionOfType(Rejection.class).isThrownBy(() -> post("", ten, Visibility.PUBLIC))
				.satisfies(refusal -> assertThat(refusal.violations().getFirst().rule()).isEqualTo("max-items"));
		var photo = UUID.randomUUID();
		assertThatExceptionOfType(Rejection.class).isThrownBy(() -> post("", List.of(photo, photo),
				Visibility.PUBLIC)).satisfies(refusal -> assertThat(refusal.violations().getFirst().rule())
						.isEqualTo("unique"));
		assertThat(post("", ten.subList(0, 9), Visibility.PUBLIC).photos()).hasSize(9);
	}

	@Test
	void aMomentForCompanionsNamesItsTrip() {
		assertThatExceptionOfType(Rejection.class).isThrownBy(() -> Moment.post(author, "Author",
				new Moment.Draft("一起走过", List.of(), Visibility.COMPANIONS, null, null), NOW))
				.satisfies(refusal -> assertThat(refusal.violations().getFirst().field()).isEqualTo("tripId"));
	}

	@Test
	void onlyItsAuthorChangesOrDeletesItModerationDeletesAny() {
		var moment = post("第一稿", List.of(), Visibility.PUBLIC);
		var other = UserId.random();

		assertThatExceptionOfType(Rejection.class).isThrownBy(() -> moment.edit(other, "改", Visibility.PUBLIC, NOW))
				.satisfies(refusal -> assertThat(refusal.problemType()).isEqualTo("not-author"));
		assertThatExceptionOfType(Rejection.class).isThrownBy(() -> moment.delete(other, false, NOW))
				.satisfies(refusal -> assertThat(refusal.problemType()).isEqualTo("not-author"));
		moment.edit(author, "第二稿", Visibility.FOLLOWERS, NOW);
		assertThat(moment.text()).isEqualTo("第二稿");
		assertThat(moment.delete(other, true, NOW)).as("by moderation").isTrue();
		assertThat(moment.delete(author, false, NOW)).as("deleted already").isFalse();
		assertThatExceptionOfType(Rejection.class).isThrownBy(() -> moment.edit(author, "再改", Visibility.PUBLIC,
				NOW)).satisfies(refusal -> assertThat(refusal.problemType()).isEqualTo("moment-not-found"));
		assertThat(events(moment)).map(Object::getClass).containsExactly(ContentEvent.MomentPosted.class,
				ContentEvent.MomentEdited.class, ContentEvent.MomentDeleted.class);
	}

	@Test
	void isSeenByWhomItsVisibilityLetsAndByNobodyOnceDeleted() {
		var everyone = post("公开", List.of(), Visibility.PUBLIC);
		var followers = post("关注者", List.of(), Visibility.FOLLOWERS);
		var companions = post("同行者", List.of(), Visibility.COMPANIONS);
		var stranger = new Moment.Audience(false, false, false, false);
		var follower = new Moment.Audience(false, false, true, false);
		var companion = new Moment.Audience(false, false, false, true);
		var blocked = new Moment.Audience(false, true, true, true);
		var itsAuthor = new Moment.Audience(true, false, false, false);

		assertThat(everyone.isVisibleTo(stranger)).isTrue();
		assertThat(everyone.isVisibleTo(blocked)).isFalse();
		assertThat(followers.isVisibleTo(stranger)).isFalse();
		assertThat(followers.isVisibleTo(follower)).isTrue();
		assertThat(followers.isVisibleTo(companion)).isFalse();
		assertThat(companions.isVisibleTo(follower)).isFalse();
		assertThat(companions.isVisibleTo(companion)).isTrue();
		assertThat(companions.isVisibleTo(itsAuthor)).isTrue();

		everyone.delete(author, false, NOW);
		assertThat(everyone.isVisibleTo(stranger)).isFalse();
		assertThat(everyone.isVisibleTo(itsAuthor)).isFalse();
	}

	private static List<Object> events(Moment moment) {
		Collection<Object> events = ReflectionTestUtils.invokeMethod(moment, "domainEvents");
		return List.copyOf(events);
	}
}
