package com.yuelv.content.internal;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import com.yuelv.content.ContentApi;
import com.yuelv.content.MomentCard;
import com.yuelv.content.MomentId;
import com.yuelv.content.MomentStamp;
import com.yuelv.shared.UserId;

/** Serves {@link ContentApi} in the same process as its caller. */
@Component
class LocalContentApi implements ContentApi {

	private final Sharing sharing;

	LocalContentApi(Sharing sharing) {
		this.sharing = sharing;
	}

	@Override
	public List<MomentCard> cards(UserId viewer, List<MomentId> ids) {
		check("ids", ids.size());
		return sharing.seen(viewer, ids).stream().map(Sharing.Seen::card).toList();
	}

	@Override
	public List<MomentStamp> newestBy(Collection<UserId> authors, @Nullable MomentStamp before, int limit) {
		check("authors", authors.size());
		if (limit < 1 || limit > MAX_BATCH) {
			throw new IllegalArgumentException("A limit of 1 to " + MAX_BATCH);
		}
		return sharing.newestBy(authors, before, limit);
	}

	private static void check(String what, int size) {
		if (size > MAX_BATCH) {
			throw new IllegalArgumentException("At most " + MAX_BATCH + " " + what + " at once");
		}
	}
}
