package com.yuelv.platform.privacy;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A person's archive, under {@code yuelv.privacy.*}.
 *
 * @param modules the modules that keep personal data, each asked for its part of an archive
 */
@ConfigurationProperties("yuelv.privacy")
public record PrivacySettings(@DefaultValue({ "identity", "social", "content", "media", "trip", "booking", "payment",
		"notification" }) List<String> modules) {

	public PrivacySettings {
		if (modules == null || modules.isEmpty()) {
			throw new IllegalArgumentException("yuelv.privacy.modules must name the modules that keep personal data");
		}
		modules = List.copyOf(modules);
	}
}
