package com.yuelv.build.split;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Where each module's data lives, apart from any topology ({@code split-config/data.yaml}): a module's schema, named
 * like the module, is the unit of data, and every schema is in the default database unless the file moves it. Changing
 * the topology therefore moves no data; both shapes of the application work on the same tables. The platform's
 * schema (the outbox and the inbox of events) is in every database a deployment uses.
 *
 * @param database the default database, on the default server
 * @param owner the role that owns the schemas and runs the migrations
 * @param moved modules whose schema is in another database, perhaps on another server, by module
 * @param schemas the modules that have a schema (those with migrations), sorted
 */
public record DataPlacement(String database, String owner, SortedMap<String, Place> moved, SortedSet<String> schemas) {

	/**
	 * A database, on the default server unless a host is named ({@code deploy/database/move-schema.sh} moves a
	 * module's schema there).
	 *
	 * @param database the database's name
	 * @param host the server's host name, or {@code null} for the default server
	 * @param port the server's port, or {@code null} for PostgreSQL's
	 */
	public record Place(String database, @Nullable String host, @Nullable Integer port) {

		static Place of(String database) {
			return new Place(database, null, null);
		}
	}

	/** The schema every deployment uses besides its modules' own: the outbox and the inbox of events. */
	public static final String PLATFORM_SCHEMA = "platform";

	private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
	private static final Set<String> KEYS = Set.of("database", "owner", "modules");
	private static final Set<String> PLACE_KEYS = Set.of("database", "host", "port");
	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

	public DataPlacement {
		moved = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(moved));
		schemas = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(schemas));
	}

	/** The database that holds the module's schema. */
	public String databaseOf(String module) {
		return placeOf(module).database();
	}

	/** Where the module's schema is. */
	public Place placeOf(String module) {
		return moved.getOrDefault(module, Place.of(database));
	}

	/** The modules of the deployment that have a schema. */
	public SortedSet<String> schemasOf(Topology.Deployment deployment) {
		var own = new TreeSet<String>();
		deployment.modules().stream().filter(schemas::contains).forEach(own::add);
		return own;
	}

	/** The one database the deployment connects to: the database of its modules' schemas. */
	public String databaseOf(Topology.Deployment deployment) {
		return placeOf(deployment).database();
	}

	/** Where the one database the deployment connects to is. */
	public Place placeOf(Topology.Deployment deployment) {
		return schemasOf(deployment).stream().map(this::placeOf).findFirst().orElse(Place.of(database));
	}

	/** The database role a deployment connects as; each may use only its own modules' schemas and the platform's. */
	public static String roleOf(Topology.Deployment deployment) {
		return "yuelv_" + deployment.name().replace('-', '_');
	}

	/**
	 * Problems of this placement under a topology: a deployment connects to one database, so its modules' schemas must
	 * share one.
	 */
	public List<String> problemsWith(Topology topology) {
		var problems = new ArrayList<String>();
		for (var deployment : topology.deployments()) {
			var databases = new TreeMap<String, List<String>>();
			schemasOf(deployment).forEach(module -> databases.computeIfAbsent(describe(placeOf(module)),
					it -> new ArrayList<>()).add(module));
			if (databases.size() > 1) {
				problems.add("deployment '%s' of topology '%s' would need several databases (%s); a deployment's "
						.formatted(deployment.name(), topology.name(), databases)
						+ "modules must share one");
			}
		}
		return problems;
	}

	/**
	 * Reads the placement file.
	 *
	 * @param modules the application's modules
	 * @throws InvalidTopologyException naming the file and every broken rule
	 */
	public static DataPlacement read(Path file, Set<String> modules) {
		var document = TopologyFiles.yaml(file);
		var problems = new ArrayList<String>();
		if (!(document instanceof Map<?, ?> top)) {
			throw new InvalidTopologyException(file, "data placement", List.of("the file must be a mapping with 'database' and 'owner'"));
		}
		top.keySet().stream().map(String::valueOf).filter(key -> !KEYS.contains(key)).sorted()
				.forEach(key -> problems.add("unknown key '%s'; the keys are %s".formatted(key, new TreeSet<>(KEYS))));
		var database = name("database", top.get("database"), problems);
		var owner = name("owner", top.get("owner"), problems);
		var moved = new TreeMap<String, Place>();
		var schemas = modulesWithMigrations();
		if (top.get("modules") instanceof Map<?, ?> entries) {
			entries.forEach((module, target) -> {
				var at = "modules." + module;
				if (!modules.contains(String.valueOf(module))) {
					problems.add("%s: unknown module; the modules are %s".formatted(at, new TreeSet<>(modules)));
				}
				else if (!schemas.contains(String.valueOf(module))) {
					problems.add(at + ": the module keeps no data of its own");
				}
				var place = place(at, target, problems);
				if (place != null) {
					moved.put(String.valueOf(module), place);
				}
			});
		}
		else if (top.containsKey("modules") && top.get("modules") != null) {
			problems.add("modules: must map modules to the database that holds their schema");
		}
		if (!problems.isEmpty() || database == null || owner == null) {
			throw new InvalidTopologyException(file, "data placement", problems);
		}
		return new DataPlacement(database, owner, moved, schemas);
	}

	/** A database's name, or a mapping of {@code database} and {@code host}, with {@code port} if not PostgreSQL's. */
	private static @Nullable Place place(String at, @Nullable Object value, List<String> problems) {
		if (!(value instanceof Map<?, ?> entries)) {
			var name = name(at, value, problems);
			return name == null ? null : Place.of(name);
		}
		entries.keySet().stream().map(String::valueOf).filter(key -> !PLACE_KEYS.contains(key)).sorted().forEach(
				key -> problems.add("%s: unknown key '%s'; the keys are %s".formatted(at, key,
						new TreeSet<>(PLACE_KEYS))));
		var name = name(at + ".database", entries.get("database"), problems);
		String host = null;
		if (entries.get("host") instanceof String text && HOST.matcher(text).matches()) {
			host = text;
		}
		else {
			problems.add("%s.host: must be a host name, not %s".formatted(at, entries.get("host")));
		}
		Integer port = null;
		if (entries.get("port") instanceof Integer number && number > 0 && number < 65536) {
			port = number;
		}
		else if (entries.containsKey("port")) {
			problems.add("%s.port: must be a port number, not %s".formatted(at, entries.get("port")));
		}
		return name == null || host == null ? null : new Place(name, host, port);
	}

	private static String describe(Place place) {
		return place.host() == null ? place.database()
				: "%s on %s:%s".formatted(place.database(), place.host(), place.port() == null ? 5432 : place.port());
	}

	private static @Nullable String name(String at, @Nullable Object value, List<String> problems) {
		if (value instanceof String text && NAME.matcher(text).matches()) {
			return text;
		}
		problems.add("%s: must be a PostgreSQL name (lower-case letters, digits, underscores), not %s".formatted(at,
				value));
		return null;
	}

	/** The modules with migrations of their own, whose folders below {@code db/migration} name their schemas. */
	static SortedSet<String> modulesWithMigrations() {
		var url = DataPlacement.class.getClassLoader().getResource("db/migration");
		if (url == null || !"file".equals(url.getProtocol())) {
			throw new IllegalStateException("The split build reads the migrations from the compiled classes: " + url);
		}
		try {
			var folders = new File(url.toURI()).listFiles(File::isDirectory);
			var schemas = new TreeSet<String>();
			if (folders != null) {
				for (var folder : folders) {
					if (!folder.getName().equals(PLATFORM_SCHEMA)) {
						schemas.add(folder.getName());
					}
				}
			}
			return schemas;
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}
}
