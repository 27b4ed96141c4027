package com.yuelv.build.split;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an OCI image layout tarball holds, read back: its configuration (user, entrypoint, environment) and its layers
 * in order with their digests and compressed sizes, from {@code index.json}, the manifest and the configuration blob.
 */
record ImageTarball(Path tarball, JsonNode config, List<Layer> layers) {

	record Layer(String digest, long bytes) {}

	/** A file of a layer: its path in the image (without the leading slash), mode bits and owner. */
	record Entry(String path, int mode, long user, long group) {}

	static ImageTarball read(Path tarball) {
		var files = new HashMap<String, byte[]>();
		var sizes = new HashMap<String, Long>();
		try (InputStream in = Files.newInputStream(tarball); var tar = new TarArchiveInputStream(in)) {
			for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				sizes.put(entry.getName(), entry.getSize());
				if (entry.getSize() < 1_048_576) {
					var content = new ByteArrayOutputStream();
					tar.transferTo(content);
					files.put(entry.getName(), content.toByteArray());
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		var json = JsonMapper.builder().build();
		var index = json.readTree(files.get("index.json"));
		var manifest = json.readTree(files.get(blob(index.get("manifests").get(0))));
		var config = json.readTree(files.get(blob(manifest.get("config"))));
		var layers = manifest.get("layers").valueStream()
			.map(layer -> new Layer(layer.get("digest").asString(), layer.get("size").asLong()))
			.toList();
		return new ImageTarball(tarball, config.get("config"), layers);
	}

	private static String blob(JsonNode descriptor) {
		return "blobs/" + descriptor.get("digest").asString().replace(':', '/');
	}

	/** The files of the layer at the index, in the order the layer holds them. */
	List<Entry> files(int layer) {
		var name = "blobs/" + layers.get(layer).digest().replace(':', '/');
		try (InputStream in = Files.newInputStream(tarball); var tar = new TarArchiveInputStream(in)) {
			for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				if (entry.getName().equals(name)) {
					var files = new ArrayList<Entry>();
					var content = new TarArchiveInputStream(new GZIPInputStream(tar));
					for (var file = content.getNextEntry(); file != null; file = content.getNextEntry()) {
						files.add(new Entry(file.getName(), file.getMode(), file.getLongUserId(),
								file.getLongGroupId()));
					}
					return files;
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		throw new IllegalArgumentException(tarball + " holds no blob " + name);
	}

	String describeLayers() {
		var text = new StringBuilder();
		for (var layer : layers) {
			text.append(text.isEmpty() ? "" : " + ").append(String.format("%.1f", layer.bytes() / 1_048_576.0));
		}
		return text.append(" MB").toString();
	}

	Map<String, String> environment() {
		var environment = new HashMap<String, String>();
		config.get("Env").valueStream().map(JsonNode::asString).forEach(variable -> environment
			.put(variable.substring(0, variable.indexOf('=')), variable.substring(variable.indexOf('=') + 1)));
		return environment;
	}
}
