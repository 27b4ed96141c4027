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
 * The largest body each upload path takes, as the application's {@code application.yaml} says
 * ({@code yuelv.uploads}): the edge takes the same, so that the application, not the edge, answers a file too large.
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

	private static Map<?, ?> limits() {
		try (InputStream input = new ClassPathResource("application.yaml").getInputStream()) {
			var document = new Yaml(new SafeConstructor(new LoaderOptions())).load(input);
			if (document instanceof Map<?, ?> root && root.get("yuelv") instanceof Map<?, ?> yuelv
					&& yuelv.get("uploads") instanceof Map<?, ?> uploads) {
				return uploads;
			}
			return Map.of();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
