package com.yuelv.shared;

import java.util.Set;

/**
 * Who blocked whom: the port through which the module that keeps the social graph tells the others whom to hide from
 * whom. A block hides each of the two from the other everywhere (trips to join, lists, feeds, comments), whoever of
 * them made it, so the questions are asked both ways at once.
 */
public interface Blocks {

	/** Most people one may block; {@link #around} never answers more. */
	int MAX_BLOCKS = 10_000;

	/** Whether either of the two blocked the other. */
	boolean between(UserId one, UserId other);

	/** Everyone the person blocked or was blocked by. */
	Set<UserId> around(UserId person);
}
