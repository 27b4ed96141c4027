package com.yuelv.build.split;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.jar.JarInputStream;
import java.util.regex.Pattern;

/**
 * Which libraries of the application a set of its classes can reach: a library is reached when a reached class names
 * one of its classes in code, in a signature or in an annotation (how Spring Boot's conditions name what they need),
 * or when one of the application's own classes spells one of its classes or the path of one of its resources in a
 * string. What Spring Boot loads by name from every library ({@code spring.factories}, auto-configuration imports) is
 * reached, and a service's providers ({@code META-INF/services}) once the service is reached or is the JDK's (JDBC
 * drivers so). A string constant in a library does not reach: libraries probe for optional features so. A library
 * without classes (web resources) cannot be judged by references and is always kept.
 */
final class LibraryReach {

	private static final Pattern DESCRIPTOR = Pattern.compile("L([\\w/$]+);");
	private static final Pattern DOTTED = Pattern.compile("[A-Za-z_$][\\w$]*(?:[./][A-Za-z_$][\\w$]*)+");
	private static final String VERSIONED = "META-INF/versions/";
	private static final String SERVICES = "META-INF/services/";

	/**
	 * One library: its classes, the classes it names for Spring Boot to load whatever references them (its
	 * {@code spring.factories} and auto-configuration imports, read from every library on the class path), and the
	 * providers it offers per service ({@code META-INF/services}).
	 */
	record Library(String name, Map<String, byte[]> classes, Set<String> loaded, Map<String, Set<String>> services) {}

	private final Map<String, Library> libraries = new LinkedHashMap<>();
	/** Every class of every library (internal name) to its library's name. */
	private final Map<String, String> owners = new HashMap<>();
	/** Every resource of every library outside {@code META-INF} (its path) to its library's name. */
	private final Map<String, String> resources = new HashMap<>();
	/** The classes each library class names, worked out once for every deployment judged. */
	private final Map<String, Set<String>> references = new HashMap<>();

	/** Reads a library from its JAR's bytes; one that cannot be read as a JAR is taken for one without classes. */
	void add(String name, InputStream jar) {
		var classes = new HashMap<String, byte[]>();
		var loaded = new TreeSet<String>();
		var services = new TreeMap<String, Set<String>>();
		try (var in = new JarInputStream(jar)) {
			for (var entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
				var path = entry.getName();
				if (path.endsWith(".class") && !path.endsWith("module-info.class")) {
					classes.put(className(path), in.readAllBytes());
				}
				else if (path.equals("META-INF/spring.factories")
						|| path.startsWith("META-INF/spring/") && path.endsWith(".imports")) {
					loaded.addAll(dottedNames(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
				}
				else if (path.startsWith(SERVICES) && path.length() > SERVICES.length() && !entry.isDirectory()) {
					services.put(path.substring(SERVICES.length()).replace('.', '/'),
							dottedNames(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
				}
				else if (!entry.isDirectory() && !path.startsWith("META-INF/")) {
					resources.putIfAbsent(path, name);
				}
			}
		}
		catch (IOException e) {
			classes.clear();
		}
		libraries.put(name, new Library(name, classes, loaded, services));
		classes.keySet().forEach(type -> owners.putIfAbsent(type, name));
	}

	/** Every library read, by name. */
	Set<String> libraries() {
		return libraries.keySet();
	}

	/**
	 * The libraries reached from the given classes (each as its bytes), and those without classes, in the order they
	 * were added. What Spring Boot loads by name from every library is reached too, and a service's providers once
	 * the service is (or is the JDK's).
	 */
	Set<String> reachedFrom(Iterable<byte[]> roots) {
		var reached = new HashSet<String>();
		var seen = new HashSet<String>();
		var work = new ArrayDeque<String>();
		Predicate<String> enqueue = type -> owners.containsKey(type) && seen.add(type) && work.add(type);
		for (var root : roots) {
			var pool = ConstantPool.of(root);
			pool.names(true).forEach(enqueue::test);
			// a library whose resource the application reads by its path (a word list, say)
			for (var text : pool.texts()) {
				var library = text == null ? null : resources.get(text.startsWith("/") ? text.substring(1) : text);
				if (library != null) {
					reached.add(library);
				}
			}
		}
		libraries.values().forEach(library -> library.loaded().forEach(enqueue::test));
		do {
			while (!work.isEmpty()) {
				var type = work.poll();
				var library = libraries.get(owners.get(type));
				reached.add(library.name());
				references(type).forEach(enqueue::test);
			}
			for (var library : libraries.values()) {
				library.services().forEach((service, providers) -> {
					if (seen.contains(service) || !owners.containsKey(service)) {
						providers.forEach(enqueue::test);
					}
				});
			}
		}
		while (!work.isEmpty());
		var result = new java.util.LinkedHashSet<String>();
		libraries.values().forEach(library -> {
			if (library.classes().isEmpty() || reached.contains(library.name())) {
				result.add(library.name());
			}
		});
		return result;
	}

	/**
	 * How a library is reached from the given classes, for a test's message: the chain of classes from a root, or from
	 * what Spring Boot loads by name, to one of its classes; empty if no such chain exists (a library reached only as a
	 * service's provider or by a resource has none).
	 */
	List<String> why(String name, Iterable<byte[]> roots) {
		var from = new HashMap<String, String>();
		var work = new ArrayDeque<String>();
		for (var root : roots) {
			referencedBy(root).stream().filter(owners::containsKey).forEach(type -> {
				if (from.putIfAbsent(type, "(a class of the deployment)") == null) {
					work.add(type);
				}
			});
		}
		libraries.values().forEach(library -> library.loaded().stream().filter(owners::containsKey).forEach(type -> {
			if (from.putIfAbsent(type, "(loaded by Spring Boot from " + library.name() + ")") == null) {
				work.add(type);
			}
		}));
		while (!work.isEmpty()) {
			var type = work.poll();
			if (owners.get(type).equals(name)) {
				var chain = new ArrayList<String>();
				for (var step = type; step != null; step = from.get(step)) {
					chain.addFirst(step);
					if (!owners.containsKey(step)) {
						break;
					}
				}
				return chain;
			}
			for (var next : references(type)) {
				if (owners.containsKey(next) && from.putIfAbsent(next, type) == null) {
					work.add(next);
				}
			}
		}
		return List.of();
	}

	private Set<String> references(String type) {
		return references.computeIfAbsent(type,
				it -> referencedBy(libraries.get(owners.get(it)).classes().get(it), false));
	}

	/** The class names a class file mentions, counting the texts of its string constants too. */
	static Set<String> referencedBy(byte[] classFile) {
		return referencedBy(classFile, true);
	}

	/**
	 * The class names a class file mentions: its constant pool's classes, the descriptors and names in its texts
	 * (signatures, annotations) and, if asked, in its string constants. A library's string constants are left out: a
	 * library that names a class in a string probes for an optional feature (Flyway looks for the S3 client so), while
	 * the application's own strings name what it means to load.
	 */
	static Set<String> referencedBy(byte[] classFile, boolean strings) {
		return ConstantPool.of(classFile).names(strings);
	}

	/**
	 * The texts of a class file's constant pool by index, and which of them name a class and which are the values of
	 * string constants; all empty for what is not a class file.
	 */
	private record ConstantPool(String[] texts, BitSet classes, BitSet constants) {

		/** The class names the pool mentions (see {@link LibraryReach#referencedBy(byte[], boolean)}). */
		Set<String> names(boolean strings) {
			var names = new HashSet<String>();
			for (var index = 1; index < texts.length; index++) {
				if (texts[index] == null) {
					continue;
				}
				if (classes.get(index)) {
					names.add(texts[index].replaceFirst("^\\[+L?", "").replace(";", ""));
				}
				else if (strings || !constants.get(index)) {
					LibraryReach.texts(texts[index], names);
				}
			}
			return names;
		}

		static ConstantPool of(byte[] classFile) {
			if (classFile.length < 10 || (classFile[0] & 0xff) != 0xca || (classFile[1] & 0xff) != 0xfe
					|| (classFile[2] & 0xff) != 0xba || (classFile[3] & 0xff) != 0xbe) {
				return new ConstantPool(new String[0], new BitSet(), new BitSet());
			}
			try (var in = new DataInputStream(new ByteArrayInputStream(classFile))) {
				in.skipBytes(8); // magic, minor and major version
				var count = in.readUnsignedShort();
				var pool = new ConstantPool(new String[count], new BitSet(count), new BitSet(count));
				for (var index = 1; index < count; index++) {
					var tag = in.readUnsignedByte();
					switch (tag) {
						case 1 -> pool.texts()[index] = in.readUTF();
						case 7 -> pool.classes().set(in.readUnsignedShort());
						case 8 -> pool.constants().set(in.readUnsignedShort());
						case 16, 19, 20 -> in.skipBytes(2);
						case 15 -> in.skipBytes(3);
						case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
						case 5, 6 -> {
							in.skipBytes(8);
							index++; // a long or a double takes two entries
						}
						default -> throw new IllegalStateException("not a class file: constant pool tag " + tag);
					}
				}
				return pool;
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
	}

	private static void texts(String text, Set<String> names) {
		if (text.isEmpty() || text.length() > 2_000) {
			return;
		}
		var descriptors = DESCRIPTOR.matcher(text);
		while (descriptors.find()) {
			names.add(descriptors.group(1));
		}
		var dotted = DOTTED.matcher(text);
		while (dotted.find()) {
			names.add(dotted.group().replace('.', '/'));
		}
	}

	private static Set<String> dottedNames(String text) {
		var names = new TreeSet<String>();
		var matcher = DOTTED.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group().replace('.', '/'));
		}
		return names;
	}

	static String className(String path) {
		var name = path.startsWith(VERSIONED) ? path.substring(path.indexOf('/', VERSIONED.length()) + 1) : path;
		return name.substring(0, name.length() - ".class".length());
	}
}
