package com.yuelv.platform.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code yuelv.idempotency.*}.
 *
 * @param keepFor how long a key's outcome is kept and replayed; a key used again after that starts anew
 * @param abandonedAfter how long a key may stay in progress before it is taken for abandoned (its process died while
 *     working on it) and a retry may run the request again; longer than any request takes
 * @param largestStoredAnswer the largest answer body that is stored for replay; a key whose answer is larger is
 *     released, so that its retry runs again
 */
@ConfigurationProperties("yuelv.idempotency")
record IdempotencySettings(
		@DefaultValue("24h") Duration keepFor,
		@DefaultValue("1m") Duration abandonedAfter,
		@DefaultValue("256KB") DataSize largestStoredAnswer) {

	IdempotencySettings {
		if (keepFor.compareTo(abandonedAfter) <= 0 || abandonedAfter.isNegative() || abandonedAfter.isZero()) {
			throw new IllegalArgumentException("yuelv.idempotency.keep-for (" + keepFor
					+ ") must be longer than abandoned-after (" + abandonedAfter + "), which must be positive");
		}
	}
}
