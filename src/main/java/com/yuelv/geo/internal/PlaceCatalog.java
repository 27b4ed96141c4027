package com.yuelv.geo.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import com.yuelv.shared.GeoPoint;

/**
 * The world's cities, from the GeoNames extract that ships with the application ({@code geo/places.tsv.gz}; see the
 * README for source and licence). Read once into memory, on a thread of its own while the application starts (0.5 to
 * 1 s): about 41,500 places and 194,000 names. Every name, in any script, is a key of a sorted index, so a prefix
 * finds its places by binary search whatever the language.
 */
@Component
class PlaceCatalog {

	private static final Logger LOG = LoggerFactory.getLogger(PlaceCatalog.class);
	static final String DATA = "geo/places.tsv.gz";
	private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{M}+");
	private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[\\s\\-'’.·・]+");

	/** Read on a thread of its own while the rest of the application starts; the first lookup waits for it. */
	private final CompletableFuture<Index> index = CompletableFuture.supplyAsync(PlaceCatalog::read,
			runnable -> Thread.ofVirtual().name("place-catalog").start(runnable));

	/** The places by id, and every name's key, sorted, with its name and place at the same position. */
	private record Index(Map<Long, Place> byId, String[] keys, String[] keyNames, Place[] keyPlaces) {}

	private static Index read() {
		var started = System.nanoTime();
		var byId = new HashMap<Long, Place>();
		var entries = new ArrayList<NameEntry>();
		try (var reader = new BufferedReader(new InputStreamReader(
				new GZIPInputStream(new ClassPathResource(DATA).getInputStream()), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("#") || line.isBlank()) {
					continue;
				}
				var place = parse(line);
				byId.put(place.id(), place);
				var names = new LinkedHashSet<String>();
				names.add(place.name());
				names.add(place.asciiName());
				place.names().values().forEach(names::addAll);
				for (var name : names) {
					var key = normalize(name);
					if (!key.isEmpty()) {
						entries.add(new NameEntry(key, name, place));
					}
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read the place catalog " + DATA, e);
		}
		entries.sort((a, b) -> a.key().compareTo(b.key()));
		LOG.info("Place catalog: {} places, {} names, read in {} ms", byId.size(), entries.size(),
				(System.nanoTime() - started) / 1_000_000);
		return new Index(Map.copyOf(byId), entries.stream().map(NameEntry::key).toArray(String[]::new),
				entries.stream().map(NameEntry::name).toArray(String[]::new),
				entries.stream().map(NameEntry::place).toArray(Place[]::new));
	}

	private Index index() {
		return index.join();
	}

	private record NameEntry(String key, String name, Place place) {}

	/** A place found by one of its names. */
	record Match(Place place, String matchedName) {}

	Optional<Place> find(long id) {
		return Optional.ofNullable(index().byId().get(id));
	}

	int size() {
		return index().byId().size();
	}

	List<Long> ids() {
		return List.copyOf(index().byId().keySet());
	}

	/**
	 * Places with a name that starts with the prefix, in any script, most populous first; exact matches of a whole
	 * name come before prefix matches.
	 */
	List<Match> startingWith(String prefix, int limit) {
		var key = normalize(prefix);
		if (key.isEmpty()) {
			return List.of();
		}
		var index = index();
		var keys = index.keys();
		var keyPlaces = index.keyPlaces();
		var keyNames = index.keyNames();
		var from = lowerBound(keys, key);
		var seen = new java.util.HashSet<Long>();
		var exact = new ArrayList<Match>();
		var partial = new ArrayList<Match>();
		for (int i = from; i < keys.length && keys[i].startsWith(key); i++) {
			if (!seen.add(keyPlaces[i].id())) {
				continue;
			}
			var match = new Match(keyPlaces[i], keyNames[i]);
			(keys[i].equals(key) ? exact : partial).add(match);
		}
		var byPopulation = java.util.Comparator.comparingLong((Match match) -> match.place().population()).reversed()
				.thenComparingLong(match -> match.place().id());
		exact.sort(byPopulation);
		partial.sort(byPopulation);
		// a whole name sorts before the longer names it is a prefix of, so a place's exact match is found first
		var result = new ArrayList<Match>(exact);
		result.addAll(partial);
		return List.copyOf(result.subList(0, Math.min(limit, result.size())));
	}

	/**
	 * The form names are compared in: compatibility-normalized (full-width Latin becomes ASCII), lower case, Latin
	 * accents removed, separators made single spaces.
	 */
	static String normalize(String text) {
		var folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
		if (folded.chars().allMatch(c -> c < 0x250)) {
			folded = MARKS.matcher(Normalizer.normalize(folded, Normalizer.Form.NFD)).replaceAll("");
		}
		return SEPARATORS.matcher(folded).replaceAll(" ").strip();
	}

	private static int lowerBound(String[] keys, String key) {
		var index = Arrays.binarySearch(keys, key);
		if (index < 0) {
			return -index - 1;
		}
		while (index > 0 && keys[index - 1].equals(key)) {
			index--;
		}
		return index;
	}

	private static Place parse(String line) {
		var fields = line.split("\t", -1);
		if (fields.length != 9) {
			throw new IllegalStateException("Malformed row in " + DATA + ": " + line);
		}
		var names = new LinkedHashMap<String, List<String>>();
		if (!fields[8].isEmpty()) {
			for (var pair : fields[8].split("\\|")) {
				var colon = pair.indexOf(':');
				names.computeIfAbsent(pair.substring(0, colon), script -> new ArrayList<>())
						.add(pair.substring(colon + 1));
			}
		}
		names.replaceAll((script, list) -> List.copyOf(list));
		return new Place(Long.parseLong(fields[0]), fields[1], fields[2], fields[3],
				new GeoPoint(Double.parseDouble(fields[4]), Double.parseDouble(fields[5])),
				Long.parseLong(fields[6]), fields[7], Map.copyOf(names));
	}
}
