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
 * @param database the default database
 * @param owner the role that owns the schemas and runs the migrations
 * @param moved modules whose schema is in another database, by module
 * @param schemas the modules that have a schema (those with migrations), sorted
 */
public record DataPlacement(String database, String owner, SortedMap<String, String> moved, SortedSet<String> schemas) {

	/** The schema every deployment uses besides its modules' own: the outbox and the inbox of events. */
	public static final String PLATFORM_SCHEMA = "platform";

	private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
	private static final Set<String> KEYS = Set.of("database", "owner", "modules");

	public DataPlacement {
		moved = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(moved));
		schemas = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(schemas));
	}

	/** The database that holds the module's schema. */
	public String databaseOf(String module) {
		return moved.getOrDefault(module, database);
	}

	/** The modules of the deployment that have a schema. */
	public SortedSet<String> schemasOf(Topology.Deployment deployment) {
		var own = new TreeSet<String>();
		deployment.modules().stream().filter(schemas::contains).forEach(own::add);
		return own;
	}

	/** The one database the deployment connects to: the database of its modules' schemas. */
	public String databaseOf(Topology.Deployment deployment) {
		return schemasOf(deployment).stream().map(this::databaseOf).findFirst().orElse(database);
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
			schemasOf(deployment).forEach(module -> databases.computeIfAbsent(databaseOf(module),
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
			throw new InvalidTopologyException(file, List.of("the file must be a mapping with 'database' and 'owner'"));
		}
		top.keySet().stream().map(String::valueOf).filter(key -> !KEYS.contains(key)).sorted()
				.forEach(key -> problems.add("unknown key '%s'; the keys are %s".formatted(key, new TreeSet<>(KEYS))));
		var database = name("database", top.get("database"), problems);
		var owner = name("owner", top.get("owner"), problems);
		var moved = new TreeMap<String, String>();
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
				var name = name(at, target, problems);
				if (name != null) {
					moved.put(String.valueOf(module), name);
				}
			});
		}
		else if (top.containsKey("modules") && top.get("modules") != null) {
			problems.add("modules: must map modules to the database that holds their schema");
		}
		if (!problems.isEmpty() || database == null || owner == null) {
			throw new InvalidTopologyException(file, problems);
		}
		return new DataPlacement(database, owner, moved, schemas);
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
