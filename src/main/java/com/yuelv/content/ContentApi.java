package com.yuelv.content;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.yuelv.shared.UserId;

/**
 * What other modules may ask of the content module: moments as a viewer sees them, and which moments authors posted
 * lately. Callers depend on this interface only, never on how it is served.
 */
public interface ContentApi {

	/** Most moments or authors one call takes. */
	int MAX_BATCH = 1_000;

	/**
	 * The moments among {@code ids} that the viewer may see (not deleted, not hidden by a block, allowed by their
	 * visibility), as the viewer sees them, in the order of {@code ids}; the others are left out.
	 */
	List<MomentCard> cards(UserId viewer, List<MomentId> ids);

	/**
	 * The authors' moments that are not deleted, newest first ({@link MomentStamp#NEWEST_FIRST}), those after
	 * {@code before} only when it is given: the stamps, without asking who may see them.
	 *
	 * @param authors at most {@link #MAX_BATCH}
	 * @param limit at most {@link #MAX_BATCH}
	 */
	List<MomentStamp> newestBy(Collection<UserId> authors, @Nullable MomentStamp before, int limit);
}
