package com.yuelv.platform.traffic;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The configuration centre of the traffic settings, under {@code yuelv.traffic.*}.
 *
 * @param followInterval how often a replica looks for a newer version of its deployment's traffic settings: a change
 *        made through another replica applies here within this time
 */
@ConfigurationProperties("yuelv.traffic")
public record TrafficCentreSettings(@DefaultValue("2s") Duration followInterval) {

	public TrafficCentreSettings {
		if (followInterval == null || followInterval.toMillis() < 100 || followInterval.toMinutes() > 10) {
			throw new IllegalArgumentException("yuelv.traffic.follow-interval must be between 100ms and 10m, not "
					+ followInterval);
		}
	}
}
