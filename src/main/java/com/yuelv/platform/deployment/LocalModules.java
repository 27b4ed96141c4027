package com.yuelv.platform.deployment;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;


/**
 * The application modules this process runs. Off-season every module is local; a deployment of a split topology runs
 * only the modules its topology entry lists, named in {@value #PROPERTY} ({@code YUELV_SPLIT_MODULES} in its pods),
 * and reaches the others over the network. The platform and the shared kernel are always local.
 */
public final class LocalModules {

	/** The property naming the modules of this deployment; empty or absent means every module. */
	public static final String PROPERTY = "yuelv.split.modules";

	private static final String BASE_PACKAGE = "com.yuelv.";

	private final Set<String> all;
	private final Set<String> local;

	LocalModules(Set<String> all, Set<String> local) {
		this.all = Collections.unmodifiableSet(new TreeSet<>(all));
		this.local = Collections.unmodifiableSet(new TreeSet<>(local));
	}

	/**
	 * Reads {@value #PROPERTY} from the environment.
	 *
	 * @throws IllegalStateException naming the property when it lists a module the application does not have
	 */
	public static LocalModules from(Environment environment) {
		return of(PlaceableModules.all(),
				Binder.get(environment).bind(PROPERTY, Bindable.listOf(String.class)).orElse(List.of()));
	}

	static LocalModules of(Set<String> all, List<String> listed) {
		var local = new TreeSet<String>();
		for (var entry : listed) {
			var module = entry.strip();
			if (module.isEmpty()) {
				continue;
			}
			if (!all.contains(module)) {
				throw new IllegalStateException("%s: unknown module '%s'; the modules are %s".formatted(PROPERTY,
						module, String.join(", ", new TreeSet<>(all))));
			}
			local.add(module);
		}
		return new LocalModules(all, local.isEmpty() ? all : local);
	}

	/** Every application module of the build, local or not. */
	public Set<String> all() {
		return all;
	}

	/** The modules this process runs. */
	public Set<String> local() {
		return local;
	}

	/** The modules other deployments run. */
	public Set<String> remote() {
		var remote = new TreeSet<>(all);
		remote.removeAll(local);
		return Collections.unmodifiableSet(remote);
	}

	public boolean isLocal(String module) {
		return local.contains(module);
	}

	/** Whether some modules run elsewhere. */
	public boolean isSplit() {
		return local.size() < all.size();
	}

	/** The application module a class belongs to, by its package; empty for the platform, shared kernel and others. */
	public Optional<String> moduleOf(String className) {
		if (!className.startsWith(BASE_PACKAGE)) {
			return Optional.empty();
		}
		var rest = className.substring(BASE_PACKAGE.length());
		var dot = rest.indexOf('.');
		if (dot < 0) {
			return Optional.empty();
		}
		var module = rest.substring(0, dot);
		return all.contains(module) ? Optional.of(module) : Optional.empty();
	}

	@Override
	public String toString() {
		return isSplit() ? "modules " + String.join(", ", local) + " (of " + String.join(", ", all) + ")"
				: "every module";
	}
}
