package com.yuelv.build.split;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The largest body each upload path takes, and any other request, as the application's {@code application.yaml} says
 * ({@code yuelv.uploads}, {@code yuelv.max-request-body}): the edge refuses what the application would refuse, and
 * lets through what it takes.
 */
final class UploadLimits {

	private UploadLimits() {}

	static DataSize of(String path) {
		var limit = limits().get("[" + path + "]");
		if (limit == null) {
			limit = limits().get(path);
		}
		if (limit == null) {
			throw new IllegalStateException("application.yaml gives no yuelv.uploads limit for " + path);
		}
		return DataSize.parse(limit.toString());
	}

	/** The largest body of any other request ({@code yuelv.max-request-body}). */
	static DataSize requestBody() {
		var limit = settings().get("max-request-body");
		if (limit == null) {
			throw new IllegalStateException("application.yaml gives no yuelv.max-request-body");
		}
		return DataSize.parse(limit.toString());
	}

	private static Map<?, ?> limits() {
		return settings().get("uploads") instanceof Map<?, ?> uploads ? uploads : Map.of();
	}

	/** The {@code yuelv} settings of {@code application.yaml}. */
	private static Map<?, ?> settings() {
		try (InputStream input = new ClassPathResource("application.yaml").getInputStream()) {
			var document = new Yaml(new SafeConstructor(new LoaderOptions())).load(input);
			if (document instanceof Map<?, ?> root && root.get("yuelv") instanceof Map<?, ?> yuelv) {
				return yuelv;
			}
			return Map.of();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
