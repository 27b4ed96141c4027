package com.yuelv.feed.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import com.yuelv.content.ContentApi;
import com.yuelv.content.ContentEvent;
import com.yuelv.content.MomentStamp;
import com.yuelv.shared.ErasedPeople;
import com.yuelv.shared.UserId;
import com.yuelv.social.SocialApi;
import com.yuelv.social.SocialEvent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Keeps timelines in step with moments and follows. A posted moment goes into its author's timeline and, unless the
 * author is read by fan-in, into every follower's, a thousand followers per store call; a deleted one comes out of
 * them; an unfollow or a block takes the other's moments out, a follow brings their latest in. Each listener runs
 * after the change committed, and again when it failed (the store was down): every write is idempotent. Reads do not
 * wait for any of this: they filter what a timeline holds by the current follows, blocks and moments. A moment or a
 * follow of someone whose data was erased since is dropped on arrival.
 */
@Component
class FanOut {

	/** How many of a newly followed person's latest moments their new follower's timeline gets. */
	static final int LATEST_ON_FOLLOW = 20;

	private final Timelines timelines;
	private final SocialApi social;
	private final ContentApi content;
	private final HeavyAuthors heavyAuthors;
	private final FeedSettings settings;
	private final Counter inserts;
	private final Timer delivery;

	private final ErasedPeople erased;

	FanOut(Timelines timelines, SocialApi social, ContentApi content, HeavyAuthors heavyAuthors, FeedSettings settings,
			ErasedPeople erased, MeterRegistry meters) {
		this.timelines = timelines;
		this.erased = erased;
		this.social = social;
		this.content = content;
		this.heavyAuthors = heavyAuthors;
		this.settings = settings;
		this.inserts = Counter.builder("yuelv.feed.fanout.inserts")
				.description("Moments written into followers' timelines").register(meters);
		this.delivery = Timer.builder("yuelv.feed.fanout.delivery")
				.description("From posting a moment until it is in every follower's timeline")
				.publishPercentileHistogram().register(meters);
	}

	@ApplicationModuleListener
	void on(ContentEvent.MomentPosted event) {
		if (erased.includesAnyOf(event.author())) {
			return;
		}
		var stamp = new MomentStamp(event.momentId(), event.author(), event.occurredAt());
		timelines.add(List.of(event.author()), stamp);
		var followers = social.followerCount(event.author());
		if (followers > settings.fanInThreshold()) {
			heavyAuthors.add(event.author(), followers);
			return;
		}
		eachFollowerBatch(event.author(), batch -> inserts.increment(timelines.add(batch, stamp)));
		delivery.record(java.time.Duration.between(event.occurredAt(), java.time.Instant.now()));
	}

	@ApplicationModuleListener
	void on(ContentEvent.MomentDeleted event) {
		timelines.remove(List.of(event.author()), event.momentId(), event.author());
		if (!heavyAuthors.all().contains(event.author())) {
			eachFollowerBatch(event.author(), batch -> timelines.remove(batch, event.momentId(), event.author()));
		}
	}

	@ApplicationModuleListener
	void on(SocialEvent.Followed event) {
		if (heavyAuthors.all().contains(event.other()) || erased.includesAnyOf(event.person(), event.other())) {
			return;
		}
		for (var stamp : content.newestBy(List.of(event.other()), null, LATEST_ON_FOLLOW)) {
			timelines.add(List.of(event.person()), stamp);
		}
	}

	@ApplicationModuleListener
	void on(SocialEvent.Unfollowed event) {
		timelines.removeAuthor(event.person(), event.other());
	}

	@ApplicationModuleListener
	void on(SocialEvent.Blocked event) {
		timelines.removeAuthor(event.person(), event.other());
		timelines.removeAuthor(event.other(), event.person());
	}

	private void eachFollowerBatch(UserId author, Consumer<List<UserId>> action) {
		@Nullable UserId after = null;
		List<UserId> batch;
		do {
			batch = social.followers(author, after, SocialApi.MAX_BATCH);
			if (!batch.isEmpty()) {
				action.accept(new ArrayList<>(batch));
				after = batch.getLast();
			}
		}
		while (batch.size() == SocialApi.MAX_BATCH);
	}
}
