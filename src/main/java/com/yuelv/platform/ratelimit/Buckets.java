package com.yuelv.platform.ratelimit;

import io.github.bucket4j.ConsumptionProbe;

/** Where the token buckets live: in this process, or in Redis for every replica. */
interface Buckets {

	/** Takes one token from the bucket of the key, whose limit is given, if there is one left. */
	ConsumptionProbe take(String key, RateLimitSettings.Limit limit);
}
