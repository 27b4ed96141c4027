package com.yuelv.platform.privacy;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.yuelv.platform.deployment.LocalModules;
import com.yuelv.platform.deployment.PeerClients;
import com.yuelv.shared.PersonalDataArchive;
import com.yuelv.shared.PersonalDataExport;
import com.yuelv.shared.Rejection;
import com.yuelv.shared.UserId;

/**
 * Assembles a person's archive from the modules that keep personal data ({@code yuelv.privacy.modules}): each part
 * from the module's {@link PersonalDataExport} here, or from the deployment that runs it. If any part cannot be had,
 * the archive is refused as unavailable rather than handed over incomplete.
 */
public class PersonalDataArchives implements PersonalDataArchive {

	private final Map<String, PersonalDataExport> local = new TreeMap<>();
	private final List<String> modules;
	private final LocalModules placement;
	private final Optional<PeerClients> peers;
	private final Clock clock;

	PersonalDataArchives(List<PersonalDataExport> exports, List<String> modules, LocalModules placement,
			Optional<PeerClients> peers, Clock clock) {
		exports.forEach(export -> local.put(export.module(), export));
		this.modules = List.copyOf(modules);
		this.placement = placement;
		this.peers = peers;
		this.clock = clock;
	}

	@Override
	public Map<String, Object> of(UserId person) {
		var parts = new TreeMap<String, Object>();
		for (var module : modules) {
			parts.put(module, part(module, person));
		}
		var archive = new LinkedHashMap<String, Object>();
		archive.put("account", person.value());
		archive.put("exportedAt", clock.instant().toString());
		archive.put("modules", parts);
		return archive;
	}

	/** The module's part, as the module here or its deployment answers it. */
	Map<String, Object> part(String module, UserId person) {
		var export = local.get(module);
		if (export != null) {
			return export.exportOf(person);
		}
		if (placement.isLocal(module) || peers.isEmpty()) {
			throw new IllegalStateException("Module " + module + " keeps personal data but exports none");
		}
		try {
			return peers.get().client(module, PersonalDataHttp.class).export(module, person.value());
		}
		catch (RuntimeException unreachable) {
			throw Rejection.unavailable("dependency-unavailable", "Your data cannot be gathered from every part of "
					+ "the service right now; try again in a minute.", java.time.Duration.ofSeconds(60));
		}
	}

	/** The part of a module that runs here, for another deployment's archive; empty if the module exports nothing. */
	public Optional<Map<String, Object>> localPart(String module, UserId person) {
		return Optional.ofNullable(local.get(module)).map(export -> export.exportOf(person));
	}
}
