package com.yuelv.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.yuelv.ModuleWithPlatformTest;
import com.yuelv.content.ContentApi;
import com.yuelv.content.ContentEvent;
import com.yuelv.content.ContentEvent.Visibility;
import com.yuelv.content.MomentCard;
import com.yuelv.content.MomentId;
import com.yuelv.content.MomentStamp;
import com.yuelv.feed.internal.HomeFeed;
import com.yuelv.shared.UserId;
import com.yuelv.social.SocialApi;

/**
 * The feed module on its own: the social graph and the moments are mocks, and content's events arrive as content
 * would publish them. An author over the fan-in threshold (here 2 followers) is recorded as read by fan-in.
 */
@ModuleWithPlatformTest
@TestPropertySource(properties = "yuelv.feed.fan-in-threshold=2")
class FeedModuleTests {

	@MockitoBean SocialApi social;
	@MockitoBean ContentApi content;
	@Autowired HomeFeed feed;
	@Autowired JdbcClient jdbc;

	private MomentCard card(MomentStamp stamp) {
		return new MomentCard(stamp.id().value(), stamp.author().value(), "Ann", "text", Visibility.PUBLIC, null, null,
				List.of(), stamp.postedAt(), null, 0, 0, false);
	}

	@Test
	void aPostedMomentIsWrittenIntoEveryFollowersTimeline(Scenario scenario) {
		var ann = UserId.random();
		var reader = UserId.random();
		var stamp = new MomentStamp(new MomentId(UUID.randomUUID()), ann, Instant.now().truncatedTo(ChronoUnit.MILLIS));
		given(social.followerCount(ann)).willReturn(1L);
		given(social.followers(eq(ann), isNull(), anyInt())).willReturn(List.of(reader));
		given(social.followsAmong(eq(reader), anyCollection())).willReturn(Set.of(ann));
		given(content.cards(eq(reader), any())).willAnswer(call -> call.<List<MomentId>>getArgument(1).stream()
				.filter(stamp.id()::equals).map(id -> card(stamp)).toList());
		assertThat(feed.read(reader, null, 10).items()).as("builds the reader's timeline").isEmpty();

		scenario.publish(new ContentEvent.MomentPosted(UUID.randomUUID(), stamp.postedAt(), stamp.id(), ann, "Ann",
				Visibility.PUBLIC, null, List.of())).andWaitForStateChange(() -> feed.read(reader, null, 10).items(),
						items -> !items.isEmpty())
				.andVerify(items -> assertThat(items).extracting(MomentCard::id).containsExactly(stamp.id().value()));
	}

	@Test
	void anAuthorOverTheThresholdIsReadByFanIn(Scenario scenario) {
		var famous = UserId.random();
		given(social.followerCount(famous)).willReturn(3L);

		scenario.publish(new ContentEvent.MomentPosted(UUID.randomUUID(), Instant.now(), new MomentId(UUID.randomUUID()),
				famous, "Famous", Visibility.PUBLIC, null, List.of())).andWaitForStateChange(() -> jdbc
						.sql("select follower_count from feed.heavy_authors where author_id = ?").param(famous.value())
						.query(Long.class).optional())
				.andVerify(count -> assertThat(count).contains(3L));
	}
}
