package com.yuelv.build.split;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.yuelv.platform.deployment.InternalScopes;

/**
 * The scopes of the internal APIs each module's calls need, read from the application's classes, and from them the
 * grants each deployment of a topology gives the others ({@code yuelv.split.grants.<deployment>}).
 * <p>
 * An internal API is an {@code @HttpExchange} contract under {@code /internal}; each of its methods has a
 * {@linkplain InternalScopes scope}. A class that calls a contract stands in for a module's API where the module runs
 * elsewhere ({@code RemoteTripApi}, say, or the platform's assembly of an export): each method of an interface it
 * implements needs the scopes of the contract methods its implementation calls, directly or through the class's own
 * methods and lambdas. A module needs the scopes of the interface methods its classes call; the platform's calls (the
 * revocations every deployment reads, say) are needed by every deployment. A deployment is granted by another what
 * the modules it runs and the platform need of the internal APIs the other serves: those whose contract its modules
 * hold (in their {@code remote} package), and the platform's (every deployment's part of an export).
 */
public final class PeerGrants {

	/** Who needs a scope that the platform's own calls need: every deployment. */
	static final String EVERY_DEPLOYMENT = "*";
	private static final String BASE = "com.yuelv.";

	/**
	 * What the classes say.
	 *
	 * @param needs the scopes each module's calls need
	 * @param servers the module serving each internal API, by the API's name ({@value #EVERY_DEPLOYMENT} for the
	 *        platform's, which every deployment serves)
	 */
	record Analysis(SortedMap<String, SortedSet<String>> needs, Map<String, String> servers) {}

	private static volatile Analysis analysis;

	private PeerGrants() {}

	/** The scopes each module's calls need ({@value #EVERY_DEPLOYMENT}: the platform's, needed by every deployment). */
	public static SortedMap<String, SortedSet<String>> needs() {
		return analysis().needs();
	}

	private static Analysis analysis() {
		var known = analysis;
		if (known == null) {
			synchronized (PeerGrants.class) {
				if (analysis == null) {
					analysis = analyse(new ClassFileImporter()
						.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
						.importPackages(BASE.substring(0, BASE.length() - 1)));
				}
				known = analysis;
			}
		}
		return known;
	}

	/**
	 * What each deployment grants the others, by the deployment granting and then by the one granted; a deployment
	 * that needs nothing of another is not named.
	 *
	 * @param modules the modules of each deployment, by its name
	 */
	public static SortedMap<String, SortedMap<String, SortedSet<String>>> of(Map<String, ? extends Collection<String>> modules) {
		var known = analysis();
		var needed = known.needs();
		var grants = new TreeMap<String, SortedMap<String, SortedSet<String>>>();
		for (var serving : modules.entrySet()) {
			var given = new TreeMap<String, SortedSet<String>>();
			for (var calling : modules.entrySet()) {
				if (calling.getKey().equals(serving.getKey())) {
					continue;
				}
				var scopes = new TreeSet<String>(needed.getOrDefault(EVERY_DEPLOYMENT, new TreeSet<>()));
				calling.getValue().forEach(module -> scopes.addAll(needed.getOrDefault(module, new TreeSet<>())));
				scopes.removeIf(scope -> !served(scope, serving.getValue(), known.servers()));
				if (!scopes.isEmpty()) {
					given.put(calling.getKey(), scopes);
				}
			}
			grants.put(serving.getKey(), given);
		}
		return grants;
	}

	/** The grants of a topology's deployments, as {@link #of(Map)} gives them. */
	public static SortedMap<String, SortedMap<String, SortedSet<String>>> of(Topology topology) {
		var modules = new TreeMap<String, List<String>>();
		topology.deployments().forEach(deployment -> modules.put(deployment.name(), deployment.modules()));
		return of(modules);
	}

	/** The command-line arguments that give a deployment its grants ({@code --yuelv.split.grants.search=trip:read}). */
	public static List<String> arguments(Map<String, ? extends Collection<String>> modules, String deployment) {
		var arguments = new ArrayList<String>();
		of(modules).getOrDefault(deployment, new TreeMap<>()).forEach((caller, scopes) -> arguments
			.add("--yuelv.split.grants." + caller + "=" + String.join(",", scopes)));
		return arguments;
	}

	/** Whether a deployment running the modules serves the scope's API: its module's, or the platform's. */
	private static boolean served(String scope, Collection<String> modules, Map<String, String> servers) {
		var server = servers.get(scope.substring(0, scope.indexOf(':')));
		return EVERY_DEPLOYMENT.equals(server) || modules.contains(server);
	}

	static Analysis analyse(JavaClasses classes) {
		var servers = new HashMap<String, String>();
		// what each interface method a stand-in implements needs
		var byInterfaceMethod = new HashMap<String, Set<String>>();
		var members = new HashMap<JavaClass, List<JavaClass>>();
		classes.forEach(type -> members.computeIfAbsent(topLevel(type), it -> new ArrayList<>()).add(type));
		var standIns = new HashSet<String>();
		for (var entry : members.entrySet()) {
			var type = entry.getKey();
			if (type.isInterface() || entry.getValue().stream().flatMap(PeerGrants::calls).noneMatch(PeerGrants::isContract)) {
				continue;
			}
			standIns.add(type.getName());
			for (var api : type.getAllRawInterfaces()) {
				for (var method : api.getMethods()) {
					implementationOf(type, method).ifPresent(code -> {
						var scopes = scopesReachedFrom(type, code, servers);
						if (!scopes.isEmpty()) {
							byInterfaceMethod.computeIfAbsent(method.getFullName(), it -> new TreeSet<>()).addAll(scopes);
						}
					});
				}
			}
		}
		var needs = new TreeMap<String, SortedSet<String>>();
		for (var type : classes) {
			var top = topLevel(type).getName();
			if (standIns.contains(top) || !type.getPackageName().startsWith(BASE)) {
				continue;
			}
			for (var call : type.getMethodCallsFromSelf()) {
				var target = call.getTarget().resolveMember().map(JavaMethod::getFullName).orElse(null);
				var scopes = target == null ? null : byInterfaceMethod.get(target);
				if (scopes != null) {
					needs.computeIfAbsent(moduleOf(type), it -> new TreeSet<>()).addAll(scopes);
				}
			}
		}
		return new Analysis(needs, Map.copyOf(servers));
	}

	/** The scopes of the contract methods a method reaches, through its class's own methods and lambdas. */
	private static Set<String> scopesReachedFrom(JavaClass standIn, JavaCodeUnit start, Map<String, String> servers) {
		var scopes = new TreeSet<String>();
		var seen = new HashSet<String>();
		var pending = new ArrayDeque<JavaCodeUnit>(List.of(start));
		while (!pending.isEmpty()) {
			var code = pending.pop();
			if (!seen.add(code.getFullName())) {
				continue;
			}
			for (var call : code.getMethodCallsFromSelf()) {
				var owner = call.getTargetOwner();
				if (isContract(owner)) {
					scopeOf(call).ifPresent(scope -> {
						scopes.add(scope);
						servers.put(scope.substring(0, scope.indexOf(':')), moduleOf(owner));
					});
				}
				else if (topLevel(owner).equals(standIn)) {
					call.getTarget().resolveMember().ifPresent(pending::push);
				}
				else if (standIn.getAllRawInterfaces().contains(owner)) {
					// a default method of the API calling the API's other methods: the stand-in's implementations
					call.getTarget().resolveMember().flatMap(method -> implementationOf(standIn, method))
						.ifPresent(pending::push);
				}
			}
		}
		return scopes;
	}

	/**
	 * What runs when the stand-in's method is called: the stand-in's own (or its superclasses'), else the interface's
	 * default method, whose calls are followed in turn.
	 */
	private static Optional<JavaCodeUnit> implementationOf(JavaClass type, JavaMethod method) {
		var parameters = method.getRawParameterTypes().stream().map(JavaClass::getName).toArray(String[]::new);
		for (var owner = Optional.of(type); owner.isPresent(); owner = owner.get().getRawSuperclass()) {
			var declared = owner.get().tryGetMethod(method.getName(), parameters);
			if (declared.isPresent()) {
				return declared.map(JavaCodeUnit.class::cast);
			}
		}
		return method.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT) ? Optional.empty()
				: Optional.of(method);
	}

	private static Optional<String> scopeOf(JavaMethodCall call) {
		return call.getTarget().resolveMember().flatMap(method -> {
			Method reflected;
			try {
				reflected = method.reflect();
			}
			catch (RuntimeException notLoadable) {
				return Optional.empty();
			}
			return InternalScopes.of(reflected);
		});
	}

	private static java.util.stream.Stream<JavaClass> calls(JavaClass type) {
		var owners = new ArrayList<JavaClass>();
		type.getMethodCallsFromSelf().forEach(call -> owners.add(call.getTargetOwner()));
		return owners.stream();
	}

	private static boolean isContract(JavaClass type) {
		return type.isInterface() && type.getPackageName().startsWith(BASE)
				&& type.isAnnotatedWith(org.springframework.web.service.annotation.HttpExchange.class)
				|| type.isInterface() && type.getPackageName().startsWith(BASE) && type.getMethods().stream()
					.anyMatch(method -> method.isMetaAnnotatedWith(org.springframework.web.service.annotation.HttpExchange.class));
	}

	private static JavaClass topLevel(JavaClass type) {
		var top = type;
		while (top.getEnclosingClass().isPresent()) {
			top = top.getEnclosingClass().get();
		}
		return top;
	}

	private static String moduleOf(JavaClass type) {
		var rest = type.getPackageName().substring(BASE.length());
		var module = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
		return module.equals("platform") ? EVERY_DEPLOYMENT : module;
	}
}
