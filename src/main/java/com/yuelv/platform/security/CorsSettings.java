package com.yuelv.platform.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which web pages on other origins may call the API, under {@code yuelv.cors.*}.
 *
 * @param allowedOrigins the origins ({@code https://yuelv.app}, {@code http://localhost:5173}) whose pages may call
 *        every endpoint with an access token; each a scheme ({@code https}, or {@code http}), a host and an optional
 *        port, nothing else. The API's own public URL is always allowed; with no others, pages elsewhere may call
 *        only the public reads
 * @param maxAge how long a browser may keep a preflight's answer
 */
@ConfigurationProperties("yuelv.cors")
public record CorsSettings(@DefaultValue List<String> allowedOrigins, @DefaultValue("1h") Duration maxAge) {

	public CorsSettings {
		allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
		for (var origin : allowedOrigins) {
			check(origin);
		}
		if (maxAge == null || maxAge.isNegative() || maxAge.toHours() > 24) {
			throw new IllegalArgumentException("yuelv.cors.max-age must be between 0s and 24h, not " + maxAge);
		}
	}

	private static void check(String origin) {
		URI uri;
		try {
			uri = new URI(origin);
		}
		catch (URISyntaxException e) {
			throw notAnOrigin(origin);
		}
		var scheme = uri.getScheme();
		if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
				|| uri.getRawUserInfo() != null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
				|| uri.getRawQuery() != null || uri.getRawFragment() != null
				|| !uri.getHost().equals(uri.getHost().toLowerCase(Locale.ROOT))) {
			throw notAnOrigin(origin);
		}
	}

	private static IllegalArgumentException notAnOrigin(String origin) {
		return new IllegalArgumentException("yuelv.cors.allowed-origins holds " + origin + ", which is not an origin: "
				+ "write a scheme (https or http), a host in lower case and an optional port, such as https://yuelv.app");
	}
}
