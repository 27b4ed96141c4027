package com.yuelv.social.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.util.ReflectionTestUtils;

import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;
import com.yuelv.social.SocialEvent;

/**
 * What one person is to another: nobody relates to themselves, following and blocking are idempotent and announced
 * once, a block ends following both ways, and one cannot follow whom one blocks.
 */
class RelationshipUnitTest {

	private static final Instant NOW = Instant.parse("2027-05-01T08:00:00Z");

	private final UserId ann = UserId.random();
	private final UserId ben = UserId.random();
	private final Relationship annToBen = new Relationship(Relationship.Pair.of(ann, ben));
	private final Relationship benToAnn = new Relationship(Relationship.Pair.of(ben, ann));

	@Test
	void nobodyRelatesToThemselves() {
		assertThatExceptionOfType(Rejection.class).isThrownBy(() -> Relationship.Pair.of(ann, ann))
				.satisfies(refusal -> assertThat(refusal.violations()).singleElement()
						.satisfies(violation -> assertThat(violation.rule()).isEqualTo("not-yourself")));
	}

	@Test
	void followingTwiceIsFollowingOnceAndAnnouncedOnce() {
		assertThat(annToBen.follow("Ann", NOW)).isTrue();
		assertThat(annToBen.follow("Ann", NOW.plusSeconds(1))).isFalse();

		assertThat(annToBen.isFollowing()).isTrue();
		assertThat(annToBen.followedAt()).as("since the first follow").isEqualTo(NOW);
		assertThat(events(annToBen)).singleElement().isInstanceOfSatisfying(SocialEvent.Followed.class, followed -> {
			assertThat(followed.person()).isEqualTo(ann);
			assertThat(followed.other()).isEqualTo(ben);
			assertThat(followed.personName()).isEqualTo("Ann");
		});
	}

	@Test
	void unfollowingWhomOneDoesNotFollowChangesNothing() {
		assertThat(annToBen.unfollow(NOW)).isFalse();
		assertThat(events(annToBen)).isEmpty();

		annToBen.follow("Ann", NOW);
		assertThat(annToBen.unfollow(NOW)).isTrue();
		assertThat(annToBen.isFollowing()).isFalse();
		assertThat(annToBen.followedAt()).isNull();
		assertThat(events(annToBen)).map(Object::getClass).containsExactly(SocialEvent.Followed.class,
				SocialEvent.Unfollowed.class);
	}

	@Test
	void aBlockEndsFollowingBothWays() {
		annToBen.follow("Ann", NOW);
		benToAnn.follow("Ben", NOW);

		assertThat(annToBen.block(NOW)).isTrue();
		benToAnn.blockedByOther(NOW);

		assertThat(annToBen.isFollowing()).isFalse();
		assertThat(annToBen.isBlocked()).isTrue();
		assertThat(benToAnn.isFollowing()).isFalse();
		assertThat(events(annToBen)).map(Object::getClass).containsExactly(SocialEvent.Followed.class,
				SocialEvent.Unfollowed.class, SocialEvent.Blocked.class);
		assertThat(events(benToAnn)).map(Object::getClass).containsExactly(SocialEvent.Followed.class,
				SocialEvent.Unfollowed.class);
		assertThat(annToBen.block(NOW)).as("blocking again").isFalse();
	}

	@Test
	void oneCannotFollowWhomOneBlocksUntilTheBlockIsLifted() {
		annToBen.block(NOW);

		assertThatExceptionOfType(Rejection.class).isThrownBy(() -> annToBen.follow("Ann", NOW))
				.satisfies(refusal -> assertThat(refusal.problemType()).isEqualTo("blocked"));
		assertThat(annToBen.unblock(NOW)).isTrue();
		assertThat(annToBen.isFollowing()).as("lifting a block follows nobody").isFalse();
		assertThat(annToBen.follow("Ann", NOW)).isTrue();
		assertThat(annToBen.unblock(NOW)).as("lifting no block").isFalse();
	}

	@Test
	void mutingIsIdempotentAndAnnouncedToNobody() {
		assertThat(annToBen.mute()).isTrue();
		assertThat(annToBen.mute()).isFalse();
		assertThat(annToBen.isMuted()).isTrue();
		assertThat(annToBen.unmute()).isTrue();
		assertThat(annToBen.unmute()).isFalse();
		assertThat(events(annToBen)).isEmpty();
	}

	private static List<Object> events(Relationship relationship) {
		Collection<Object> events = ReflectionTestUtils.invokeMethod(relationship, "domainEvents");
		return List.copyOf(events);
	}
}
